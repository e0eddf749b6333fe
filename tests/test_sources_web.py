"""Sources stage output in the store and the dashboard article view (chain portal → medium → via)."""

from __future__ import annotations

import re

import pytest

import warta
from warta import __version__
from warta.store import Provenance, open_store

TestClient = pytest.importorskip("fastapi.testclient").TestClient
create_app = pytest.importorskip("warta.api").create_app

ARTICLE = (
    "JAKARTA, Kabar Uji - Sebuah rudal jatuh di perairan timur, seperti dilansir CNN dari KCNA, "
    "Jumat (28/7/2023). Pemerintah setempat belum memberi keterangan resmi tentang kejadian itu.\n\n"
    '"Kami memantau situasi dengan saksama," kata juru bicara kementerian kepada Reuters.'
)


def test_sources_web_dashboard_shows_the_chain_and_store_counts_media(tmp_path) -> None:
    doc = warta.analyze(ARTICLE, source="kabaruji.id", title="Rudal jatuh", date="2023-07-29T08:00:00")
    assert [s["chain"] for s in doc.sources] == [["kabaruji.id", "CNN", "KCNA"], ["kabaruji.id", "Reuters"]]
    url = f"sqlite:///{tmp_path / 'warta.db'}"
    with open_store(url) as store:
        article_id = store.put(doc, provenance=Provenance(warta_version=__version__)).article_id
        assert {s.name for s in store.sources().items} == {"CNN", "Reuters"}
    app = create_app(url)
    try:
        with TestClient(app) as client:
            html = client.get(f"/ui/articles/{article_id}").text
    finally:
        app.state.store.close()
    panel = html.split("chain-list")[1]
    chains = [re.sub(r"<[^>]+>|\s+", "", li) for li in re.findall(r"<li>(.*?)</li>", panel)]
    assert chains[:2] == ["kabaruji.id→CNN→KCNA", "kabaruji.id→Reuters"]
