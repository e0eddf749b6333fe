"""Save a PNG of each main dashboard page to screenshots/ (``make screenshots``).

Seeds a temporary SQLite store with the demo articles, serves the app on a free loopback port and
drives Debian's Chromium (``$WARTA_CHROMIUM``, else /usr/bin/chromium) with playwright.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from warta.api import create_app
from warta.web.demo import background_server, build, demo_documents, seed_store, xss_article

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = (
    ("search", "/ui/?q=Bandung"),
    ("search-all", "/ui/"),
    ("article", "/ui/articles/1"),
    ("speaker", "/ui/speakers/sari%20wulandari"),
    ("entity", "/ui/entities/PER:sari%20wulandari"),
    ("events", "/ui/events"),
    ("entities", "/ui/entities"),
    ("xss-article", "/ui/articles/4"),
    ("docs", "/docs"),
)


def main(argv: list[str] | None = None) -> int:
    """Take the screenshots; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="output folder")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args(argv)
    chromium = os.environ.get("WARTA_CHROMIUM") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        print(f"screenshots: Chromium not found at {chromium}; set WARTA_CHROMIUM", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        seed_store(url, [*demo_documents(), build(xss_article())])
        app = create_app(url)
        with background_server(app) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": args.width, "height": 900})
            for name, path in PAGES:
                page.goto(base + path, wait_until="networkidle")
                if name == "docs":
                    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
                target = out / f"{name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            browser.close()
        app.state.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
