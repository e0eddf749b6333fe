"""HTTP API and dashboard over a temporary SQLite store: reads, writes, auth, limits, errors, XSS."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warta import __version__
from warta.api import MAX_BODY_BYTES, create_app, serve
from warta.store import Provenance, open_store
from warta.web import charts, render
from warta.web.demo import XSS_TITLE, build, demo_documents, seed_store, xss_article

KEY = "uji-kunci-rahasia"
ARTICLE = (
    "SEMARANG, Uji - Pemerintah Kota Semarang membuka taman baca di Kelurahan Tembalang pada Kamis "
    "(7/3/2024). Taman itu buka setiap hari mulai pukul 08.00 hingga 20.00 WIB.\n\n"
    "Petugas taman mengatakan koleksi awal berjumlah 1.200 buku cerita anak dan buku pelajaran."
)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the demo articles and the XSS article."""
    path = tmp_path_factory.mktemp("api") / "warta.db"
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        for doc in [*demo_documents(), build(xss_article())]:
            store.put(doc, provenance=Provenance(warta_version=__version__))
    return url


@contextmanager
def app_client(url: str, **options: str) -> Iterator[TestClient]:
    """A test client of a new app; its store is closed afterwards."""
    app = create_app(url, **options)
    try:
        with TestClient(app) as c:
            yield c
    finally:
        app.state.store.close()


@pytest.fixture(scope="module")
def client(db_url: str) -> Iterator[TestClient]:
    """A client of the app with an API key configured."""
    with app_client(db_url, api_key=KEY) as c:
        yield c


@pytest.fixture(scope="module")
def ids(client: TestClient) -> dict[str, int]:
    """Article ids by title."""
    items = client.get("/articles", params={"limit": 100}).json()["items"]
    return {a["title"]: a["article_id"] for a in items}


def _demo_id(ids: dict[str, int], word: str) -> int:
    """The id of the demo article whose title contains ``word``."""
    return next(i for t, i in ids.items() if word in t)


def _assert_error(resp, status: int, code: str | None = None) -> dict:
    """The response is the JSON error body with this status (and code)."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


# -- reading ---------------------------------------------------------------------------------


def test_api_list_articles_returns_a_page(client: TestClient) -> None:
    resp = client.get("/articles", params={"limit": 2})
    assert resp.status_code == 200
    page = resp.json()
    assert page["total"] == 4 and page["limit"] == 2 and len(page["items"]) == 2
    assert {"article_id", "title", "portal", "published"} <= set(page["items"][0])


def test_api_list_articles_filters_by_portal_and_date(client: TestClient) -> None:
    page = client.get("/articles", params={"portal": "kabar-demo.id"}).json()
    assert [a["portal"] for a in page["items"]] == ["kabar-demo.id"]
    page = client.get("/articles", params={"date_from": "2024-04-01", "date_to": "2024-04-30"}).json()
    assert [a["title"][:4] for a in page["items"]] == ["BMKG"]


def test_api_get_article_has_all_annotations(client: TestClient, ids: dict[str, int]) -> None:
    art = client.get(f"/articles/{_demo_id(ids, 'jalur sepeda')}").json()
    assert isinstance(art["id"], int)
    assert art["text"].startswith("BANDUNG, Warta Demo - ")
    assert {q["speaker"]["text"] for q in art["quotes"]} == {"Sari Wulandari", "Agus Prasetyo"}
    assert any(e["text"] == "Dago" and e["label"] == "LOC" for e in art["entities"])
    assert art["timexes"] and art["sources"] and art["events"]
    for ent in art["entities"]:
        assert art["text"][ent["start"]:ent["end"]] == ent["text"]


def test_api_search_finds_words_with_snippets(client: TestClient) -> None:
    page = client.get("/search", params={"q": "cabai rawit"}).json()
    assert page["total"] == 1
    hit = page["items"][0]
    assert "cabai" in hit["snippet"].lower() and hit["highlights"]


def test_api_entity_has_timeline_and_cooccurrence(client: TestClient) -> None:
    listing = client.get("/entities", params={"label": "PER"}).json()
    top = listing["items"][0]
    assert top["name"] == "Sari Wulandari" and top["articles"] == 3
    detail = client.get(f"/entities/{top['key']}").json()
    assert [day for day, _ in detail["timeline"]] == ["2024-03-04", "2024-03-06", "2024-04-15"]
    assert any(e["name"] == "Bandung" for e in detail["cooccurring"])


def test_api_speaker_quotes_across_corpus(client: TestClient) -> None:
    speakers = client.get("/speakers").json()["items"]
    sari = next(s for s in speakers if s["name"] == "Sari Wulandari")
    assert sari["quotes"] == 2
    quotes = client.get(f"/speakers/{sari['key']}/quotes").json()
    assert quotes["total"] == 2 and all(q["speaker"] == "Sari Wulandari" for q in quotes["items"])


def test_api_sources_portals_and_events(client: TestClient) -> None:
    assert client.get("/sources").json()["total"] >= 3
    portals = {p["portal"]: p["articles"] for p in client.get("/portals").json()}
    assert portals["warta-demo.id"] == 2
    events = client.get("/events").json()
    assert events["total"] == 2 and events["items"][0]["day"] == "2024-03-06"


def test_api_health_reports_writes(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "articles": 4, "writes_enabled": True}


# -- errors ----------------------------------------------------------------------------------


def test_api_missing_article_is_json_404(client: TestClient) -> None:
    _assert_error(client.get("/articles/999999"), 404, "not_found")
    _assert_error(client.get("/entities/PER:nobody"), 404, "not_found")
    _assert_error(client.get("/speakers/nobody/quotes"), 404, "not_found")


def test_api_unknown_path_and_method_are_json(client: TestClient) -> None:
    _assert_error(client.get("/no/such/path"), 404, "not_found")
    _assert_error(client.delete("/articles"), 405, "method_not_allowed")


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": "abc"}, {"limit": 101}, {"offset": -1}, {"date_from": "kemarin"},
    {"date_from": "2024-05-01", "date_to": "2024-01-01"}, {"portal": "a\x01b"},
])
def test_api_bad_query_is_json_422(client: TestClient, params: dict) -> None:
    error = _assert_error(client.get("/articles", params=params), 422, "invalid_request")
    assert error["message"]


def test_api_bad_article_id_is_json_422(client: TestClient) -> None:
    _assert_error(client.get("/articles/abc"), 422)
    _assert_error(client.get(f"/articles/{2**70}"), 422)


def test_api_search_needs_words(client: TestClient) -> None:
    _assert_error(client.get("/search"), 422)
    _assert_error(client.get("/search", params={"q": "   "}), 422)


# -- writing ---------------------------------------------------------------------------------


def test_api_post_requires_the_key(client: TestClient) -> None:
    body = {"text": ARTICLE}
    _assert_error(client.post("/articles", json=body), 401, "missing_api_key")
    _assert_error(client.post("/articles", json=body, headers={"X-API-Key": "salah"}), 401,
                  "invalid_api_key")


def test_api_post_disabled_without_configured_key(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WARTA_API_KEY", raising=False)
    with app_client(db_url) as c:
        error = _assert_error(c.post("/articles", json={"text": ARTICLE}, headers={"X-API-Key": "x"}),
                              403, "writes_disabled")
        assert "WARTA_API_KEY" in error["message"]
        assert c.get("/health").json()["writes_enabled"] is False


def test_api_post_key_from_environment(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_API_KEY", "dari-env")
    with app_client(db_url) as c:
        _assert_error(c.post("/articles", json={"text": "x"}, headers={"X-API-Key": KEY}), 401)


def test_api_post_analyses_and_stores(client: TestClient) -> None:
    body = {"text": ARTICLE, "title": "Taman baca dibuka di Tembalang", "source": "uji.id",
            "url": "https://uji.invalid/taman-baca", "date": "2024-03-07T11:00:00"}
    resp = client.post("/articles", json=body, headers={"X-API-Key": KEY})
    assert resp.status_code == 201, resp.text
    art = resp.json()
    assert isinstance(art["id"], int) and art["status"] == "stored"
    assert resp.headers["location"] == f"/articles/{art['id']}"
    assert art["title"] == body["title"] and art["published"].startswith("2024-03-07")
    assert art["sentences"] and art["text"].startswith("SEMARANG")
    assert client.get(f"/articles/{art['id']}").json()["text"] == art["text"]
    assert client.get(f"/ui/articles/{art['id']}").status_code == 200
    again = client.post("/articles", json=body, headers={"X-API-Key": KEY}).json()
    assert again["id"] == art["id"] and again["status"] == "skipped"


def test_api_post_accepts_html(client: TestClient) -> None:
    page = ("<html><head><title>Jembatan baru</title></head><body><article><h1>Jembatan baru</h1>"
            + "".join(f"<p>{line}</p>" for line in ARTICLE.replace("taman baca", "jembatan").split("\n\n"))
            + "</article></body></html>")
    resp = client.post("/articles", json={"html": page, "source": "uji.id"}, headers={"X-API-Key": KEY})
    assert resp.status_code == 201, resp.text
    assert "jembatan" in resp.json()["text"]


@pytest.mark.parametrize("body", [
    {}, {"text": ARTICLE, "html": "<p>x</p>"}, {"text": "   "}, {"text": False},
    {"text": ARTICLE, "title": 5},
    {"text": ARTICLE, "date": "kemarin sore"}, {"text": ARTICLE, "extra": 1}, {"text": "a\x00b"}, [1, 2],
])
def test_api_post_invalid_body_is_json_422(client: TestClient, body: object) -> None:
    error = _assert_error(client.post("/articles", json=body, headers={"X-API-Key": KEY}), 422,
                          "invalid_request")
    assert isinstance(error["details"], list)


def test_api_post_malformed_json_is_422(client: TestClient) -> None:
    resp = client.post("/articles", content=b'{"text": ', headers={"X-API-Key": KEY,
                                                                  "Content-Type": "application/json"})
    _assert_error(resp, 422)


def test_api_body_over_limit_is_413(client: TestClient) -> None:
    big = {"text": "a" * (MAX_BODY_BYTES + 10)}
    _assert_error(client.post("/articles", json=big, headers={"X-API-Key": KEY}), 413, "payload_too_large")

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"a" * 65536

    resp = client.post("/articles", content=chunks(), headers={"X-API-Key": KEY,
                                                               "Content-Type": "application/json"})
    _assert_error(resp, 413, "payload_too_large")


# -- docs ------------------------------------------------------------------------------------


def test_api_openapi_lists_the_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/articles", "/articles/{article_id}", "/search", "/entities", "/entities/{key}",
            "/speakers", "/speakers/{key}/quotes", "/sources", "/portals", "/events"} <= paths
    assert "X-API-Key" in str(spec["components"]["securitySchemes"])
    assert not any(p.startswith("/ui") for p in paths)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_only_local_assets(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert not re.search(r"(?:src|href)=[\"']?(?:https?:)?//", html), "docs page references a remote asset"
    assets = re.findall(r"/static-docs/[\w.-]+", html)
    assert assets
    for asset in set(assets):
        assert client.get(asset).status_code == 200


# -- dashboard -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/ui/", "/ui/?q=banjir", "/ui/entities", "/ui/speakers", "/ui/events",
                                  "/ui/?portal=warta-demo.id&date_from=2024-01-01&entity=Bandung"])
def test_api_ui_pages_render(client: TestClient, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in resp.headers["content-security-policy"]


def test_api_ui_article_highlights_spans(client: TestClient, ids: dict[str, int]) -> None:
    html = client.get(f"/ui/articles/{_demo_id(ids, 'jalur sepeda')}").text
    assert 'class="hl hl-ent ent-per"' in html and "hl-quote" in html and "hl-timex" in html
    assert 'href="/ui/speakers/sari%20wulandari"' in html
    assert "Dinas Perhubungan Kota Bandung" in html


def test_api_ui_speaker_and_entity_pages(client: TestClient) -> None:
    html = client.get("/ui/speakers/sari%20wulandari").text
    assert html.count('class="speaker-quote"') == 2
    html = client.get("/ui/entities/PER:sari%20wulandari").text
    assert "<svg" in html and 'class="bar"' in html and 'class="node node-center"' in html


def test_api_ui_missing_pages_are_html_404(client: TestClient) -> None:
    for path in ("/ui/articles/999999", "/ui/speakers/nobody", "/ui/entities/LOC:nowhere", "/ui/nope"):
        resp = client.get(path)
        assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")


def test_api_ui_escapes_user_text(client: TestClient, ids: dict[str, int]) -> None:
    html = client.get(f"/ui/articles/{ids[XSS_TITLE]}").text
    for raw in ("<script>alert", "<img src=x", "<svg onload", "href=\"javascript:", "href='javascript:",
                "<b>tebal</b>", "<i>Penyusup</i>"):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(&#39;xss-title&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(&#39;xss-body&#39;)&gt;" in html
    listing = client.get("/ui/", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)" not in listing and "&lt;script&gt;alert(1)" in listing
    assert "<script>alert" not in client.get("/ui/").text


def test_api_highlight_nests_overlapping_spans() -> None:
    text = "Wali Kota Bandung berkata"
    marks = [render.Mark(0, 17, "entity", "a"), render.Mark(10, 25, "quote", "b"),
             render.Mark(10, 17, "entity", "c")]
    html = str(render.highlight(text, marks))
    assert re.sub(r"<[^>]+>", "", html) == text
    opened = []
    for tag in re.findall(r"</?span", html):
        if tag == "<span":
            opened.append(tag)
        else:
            assert opened.pop()
    assert not opened


def test_api_highlight_skips_bad_offsets() -> None:
    doc = {"text": "abc <x>", "entities": [{"start": 4, "end": 99}, {"start": True, "end": 2},
                                            {"start": 4, "end": 7, "text": "<x>", "label": "PER"}]}
    marks = render.document_marks(doc, entity_href=lambda e: None, speaker_href=lambda s: None)
    assert len(marks) == 1
    assert str(render.highlight(doc["text"], marks)).endswith('>&lt;x&gt;</span>')


def test_api_charts_escape_labels() -> None:
    svg = str(charts.timeline_svg([("<b>", 3), ("2024-01", 0)]))
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    nodes = [charts.Node("a", "<script>", 3), charts.Node("b", "B", 1, href="/ui/entities/b")]
    svg = str(charts.network_svg("a", nodes, [charts.Edge("a", "b", 2)]))
    assert "<script>" not in svg and 'href="/ui/entities/b"' in svg


def test_api_serve_binds_loopback_by_default() -> None:
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert Path(inspect.getfile(serve)).name == "app.py"


def test_api_works_on_postgresql(tmp_path: Path) -> None:
    from tests_helpers import backend_url

    with backend_url("postgresql", tmp_path) as url:
        seed_store(url, demo_documents())
        with app_client(url, api_key=KEY) as c:
            page = c.get("/articles").json()
            assert page["total"] == 3
            first = page["items"][0]["article_id"]
            assert c.get(f"/articles/{first}").json()["quotes"]
            assert c.get("/search", params={"q": "cabai"}).json()["total"] == 1
            assert c.get("/entities/PER:sari wulandari").json()["entity"]["articles"] == 3
            assert c.get("/speakers/sari wulandari/quotes").json()["total"] == 2
            assert c.get(f"/ui/articles/{first}").status_code == 200
            resp = c.post("/articles", json={"text": ARTICLE, "source": "uji.id"}, headers={"X-API-Key": KEY})
            assert resp.status_code == 201, resp.text
            _assert_error(c.get("/search", params={"q": "a\x00"}), 422)


def test_api_keys_with_slashes_reach_the_store(client: TestClient) -> None:
    _assert_error(client.get("/entities/ORG:a/b"), 404, "not_found")
    _assert_error(client.get("/speakers/a/b/quotes"), 404, "not_found")
    assert client.get("/ui/entities/ORG:a%2Fb").status_code == 404
