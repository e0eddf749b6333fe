"""The dashboard in headless Chromium: search → article → speaker, charts, escaping, offline docs.

Chromium is Debian's (``$WARTA_CHROMIUM``, else /usr/bin/chromium), driven by playwright. Without
it the tests skip, unless ``WARTA_REQUIRE_SERVICES=1`` (set by .ci/run), which makes them fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from warta.api import create_app
from warta.web.demo import XSS_TITLE, background_server, build, demo_documents, seed_store, xss_article

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None when it is not installed."""
    path = os.environ.get("WARTA_CHROMIUM") or "/usr/bin/chromium"
    return path if Path(path).is_file() else shutil.which("chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium (skip without one, fail when WARTA_REQUIRE_SERVICES=1)."""
    path = chromium_path()
    if path is None:
        if os.environ.get("WARTA_REQUIRE_SERVICES") == "1":
            pytest.fail("WARTA_REQUIRE_SERVICES=1 but Chromium is missing (set WARTA_CHROMIUM or "
                        "apt-get install chromium)")
        pytest.skip("Chromium not installed (/usr/bin/chromium or $WARTA_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port over a SQLite store of the demo articles."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'warta.db'}"
    seed_store(url, [*demo_documents(), build(xss_article())])
    app = create_app(url, api_key="uji")
    with background_server(app) as base:
        yield base
    app.state.store.close()


@pytest.fixture()
def page(browser, base_url: str) -> Iterator[object]:
    """A fresh page that may only reach the test server, recording dialogs and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host = urlsplit(base_url).netloc
    outside: list[str] = []

    def only_local(route) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    pg = context.new_page()
    pg.dialogs = []
    pg.errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()
    assert not outside, f"the page tried to reach outside hosts: {outside}"


def test_dashboard_search_article_speaker_flow(page, base_url: str) -> None:
    page.goto(f"{base_url}/ui/")
    assert page.locator(".result").count() == 4
    page.fill("input[name=q]", "jalur sepeda")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/ui/?q=*")
    results = page.locator(".result-title")
    assert results.count() == 1
    assert page.locator(".snippet .match").count() >= 2
    results.first.click()
    page.wait_for_url("**/ui/articles/*")
    title = page.locator("h1.article-title").inner_text()
    assert title == "Wali Kota Bandung resmikan jalur sepeda baru di Dago"
    body = page.locator("#body")
    assert body.inner_text().startswith("BANDUNG, Warta Demo - Wali Kota Bandung")
    assert body.locator(".hl-ent.ent-per").count() >= 2
    assert body.locator(".hl-timex").first.inner_text() == "Senin (4/3/2024) pagi"
    quote = body.locator(".hl-quote").first
    assert "Sari Wulandari" in quote.get_attribute("title")
    quote.hover()
    assert "active" in page.locator('.quote-item[data-quote="0"]').get_attribute("class")
    assert page.locator(".chain-list li").first.inner_text() == "Warta Demo→Dinas Perhubungan Kota Bandung"
    page.locator(".quote-list .speaker-link", has_text="Sari Wulandari").click()
    page.wait_for_url("**/ui/speakers/*")
    assert page.locator("h1.speaker-name").inner_text() == "Sari Wulandari"
    assert page.locator(".speaker-quote").count() == 2
    assert "Bandung bisa belajar" in page.locator(".speaker-quotes").inner_text()
    assert not page.errors


def test_dashboard_filters_narrow_the_list(page, base_url: str) -> None:
    page.goto(f"{base_url}/ui/")
    page.select_option("select[name=portal]", "kabar-demo.id")
    page.fill("input[name=speaker]", "Dewi Lestari")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**portal=kabar-demo.id**")
    titles = page.locator(".result-title").all_inner_texts()
    assert titles == ["Harga cabai rawit di Surabaya turun setelah panen raya"]


def test_dashboard_entity_page_draws_timeline_and_network(page, base_url: str) -> None:
    page.goto(f"{base_url}/ui/entities")
    page.locator("table a", has_text="Sari Wulandari").click()
    page.wait_for_url("**/ui/entities/*")
    assert page.locator("h1.entity-name").inner_text().startswith("Sari Wulandari")
    assert page.locator("svg.timeline rect.bar").count() == 3
    assert page.locator("svg.network circle.node").count() >= 4
    page.locator("svg.network a").first.click()
    page.wait_for_url("**/ui/entities/*")
    assert page.locator("svg.timeline").count() == 1


def test_dashboard_events_timeline(page, base_url: str) -> None:
    page.goto(f"{base_url}/ui/events")
    days = page.locator(".timeline-day time").all_inner_texts()
    assert days == ["2024-03-06", "2024-03-04"]


def test_dashboard_user_text_never_runs(page, base_url: str) -> None:
    page.goto(f"{base_url}/ui/?q=teks+biasa")
    page.locator(".result-title").first.click()
    page.wait_for_url("**/ui/articles/*")
    assert page.locator("h1.article-title").inner_text() == XSS_TITLE
    assert "<img src=x onerror=alert('xss-body')>" in page.locator("#body").inner_text()
    assert page.locator("#body img, #body script, #body b").count() == 0
    page.goto(f"{base_url}/ui/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert page.input_value("input[name=q]") == "<script>alert(1)</script>"
    assert page.dialogs == []


def test_dashboard_swagger_docs_work_offline(page, base_url: str) -> None:
    page.goto(f"{base_url}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "warta" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-summary-path", has_text="/articles").count() >= 2
