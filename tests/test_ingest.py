"""Batch ingest: idempotency, revisions, failures, Document JSONL, workers, reanalysis, kill -9."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests_helpers import BACKENDS, backend_url

from warta.ingest import ingest, is_analysed, reanalyze
from warta.pipeline import Pipeline
from warta.readers import document_from_record
from warta.store import Provenance, open_store
from warta.store.provenance import IMPORTED_CONFIG, current_provenance

ROOT = Path(__file__).resolve().parents[1]
PLACES = ["Semarang", "Bandung", "Medan", "Makassar", "Padang", "Kupang", "Ambon", "Jayapura"]
TOPICS = [
    ("harga beras", "Harga beras di pasar tradisional {p} naik menjelang akhir bulan."),
    ("banjir", "Banjir merendam ratusan rumah warga di {p} setelah hujan deras semalaman."),
    ("jalan tol", "Pembangunan jalan tol yang menghubungkan {p} dengan kota tetangga dipercepat."),
    ("sekolah", "Pemerintah daerah {p} memperbaiki puluhan gedung sekolah yang rusak."),
]


def article(i: int, *, url: bool = True, extra: str = "") -> dict[str, str]:
    """A raw JSONL article written for these tests (no third-party text)."""
    rng = random.Random(i)
    place = rng.choice(PLACES)
    topic, lead = TOPICS[i % len(TOPICS)]
    body = (f"{place.upper()}, contoh.id - {lead.format(p=place)} Warga berharap pemerintah segera "
            f"bertindak. Kejadian nomor {i} ini dicatat petugas setempat pada pagi hari. {extra}")
    record = {"title": f"Berita {topic} {place} {i}", "text": body, "source": "contoh.id",
              "date": f"2024-0{1 + i % 9}-1{i % 10}T08:00:00"}
    if url:
        record["url"] = f"https://contoh.id/berita/{i}"
    return record


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Write records as JSONL."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh store URL per backend."""
    with backend_url(request.param, tmp_path) as url:
        yield url


def test_ingest_raw_then_rerun_skips(db: str, tmp_path: Path) -> None:
    """Raw articles are analysed and stored once; the same run again skips every one of them."""
    src = write_jsonl(tmp_path / "a.jsonl", [article(i) for i in range(12)])
    with open_store(db) as store:
        first = ingest([str(src)], store, batch_size=5)
        again = ingest([str(src)], store, batch_size=5)
        assert (first.stored, first.skipped, first.failed) == (12, 0, 0)
        assert (again.stored, again.skipped, again.failed) == (0, 12, 0)
        assert store.stats().articles == 12
        stored = store.get(1)
        assert stored.doc.sentences and stored.doc.raw and stored.provenance.config_hash != IMPORTED_CONFIG


def test_ingest_changed_content_is_revision(db: str, tmp_path: Path) -> None:
    """A changed article under a variant of the same URL is a new revision, the old one kept."""
    v1 = article(1)
    v2 = {**article(1, extra="Pembaruan: jumlah korban bertambah."),
          "url": "https://m.contoh.id/berita/1/?utm_source=x"}
    with open_store(db) as store:
        ingest([str(write_jsonl(tmp_path / "v1.jsonl", [v1]))], store)
        counts = ingest([str(write_jsonl(tmp_path / "v2.jsonl", [v2]))], store)
        assert (counts.revised, counts.stored) == (1, 0)
        got = store.get(1)
        assert got.revision == 2 and "Pembaruan" in got.doc.text and len(got.revisions) == 2
        assert store.search("pembaruan").total == 1


def test_ingest_bad_records_recorded(db: str, tmp_path: Path) -> None:
    """Malformed lines, empty records and missing files are recorded; the good articles are stored."""
    src = tmp_path / "mixed.jsonl"
    src.write_text(json.dumps(article(1)) + "\n{not json\n" + json.dumps({"title": "kosong"}) + "\n"
                   + json.dumps(article(2)) + "\n", encoding="utf-8")
    with open_store(db) as store:
        counts = ingest([str(src), str(tmp_path / "missing.txt")], store, batch_size=2)
        assert (counts.stored, counts.failed) == (2, 3)
        failures = store.failures().items
        reasons = sorted(f.reason for f in failures)
        assert any("malformed JSON" in r for r in reasons) and any("no such file" in r for r in reasons)
        assert {f.line for f in failures if f.path.endswith("mixed.jsonl")} == {2, 3}
        assert any(m.startswith(f"{src}:2: malformed JSON") for m in counts.errors)
        ingest([str(src)], store)
        assert store.stats().failures == 3


def test_ingest_document_jsonl_stored_as_given(db: str, tmp_path: Path) -> None:
    """Document JSON (analyze --format jsonl) is stored without re-analysis, entities and all."""
    doc = Pipeline()(document_from_record(article(5)))
    data = doc.to_json()
    data["entities"] = [{"start": 0, "end": 6, "text": "Medan", "label": "LOC", "confidence": 0.5,
                         "canonical": "Kota Medan"}]
    data["summary"] = [{"start": 0, "end": 4, "text": "only set by hand"}]
    src = write_jsonl(tmp_path / "docs.jsonl", [data])
    with open_store(db) as store:
        counts = ingest([str(src)], store)
        assert counts.stored == 1
        got = store.get(1)
        assert got.doc.to_json() == data
        assert got.provenance.config_hash == IMPORTED_CONFIG
        assert store.entities().items[0].key == "LOC:kota medan"
        assert ingest([str(src)], store).skipped == 1


def test_ingest_is_analysed_tells_raw_from_documents() -> None:
    """Raw records still need analysis; Document JSON does not."""
    raw = document_from_record(article(3))
    assert not is_analysed(raw)
    assert is_analysed(document_from_record(Pipeline()(raw).to_json()))


def test_ingest_workers_give_same_store(tmp_path: Path) -> None:
    """Analysis in two worker processes stores the same articles as in one process."""
    src = write_jsonl(tmp_path / "w.jsonl", [article(i) for i in range(30)])
    results = []
    for workers in (1, 2):
        with open_store(f"sqlite:///{tmp_path / f'w{workers}.db'}") as store:
            counts = ingest([str(src)], store, workers=workers, batch_size=10)
            assert counts.stored == 30
            results.append([json.loads(line)["text"] for line in store.export("jsonl")])
    assert results[0] == results[1]


def test_ingest_reanalyze_outdated(db: str, tmp_path: Path) -> None:
    """reanalyze re-runs the pipeline on articles analysed under another provenance, and only those."""
    src = write_jsonl(tmp_path / "r.jsonl", [article(i) for i in range(6)])
    with open_store(db) as store:
        ingest([str(src)], store)
        assert reanalyze(store).stored == 0
        old = store.get(2)
        store.replace_analysis(2, old.doc, provenance=Provenance("0.0.old", {}, "oldcfg"))
        counts = reanalyze(store)
        assert (counts.stored, counts.failed) == (1, 0)
        got = store.get(2)
        current = current_provenance()
        assert got.provenance.same_analysis(current) and got.doc.text == old.doc.text


def _count(url: str) -> int:
    """Articles in a store, read through its own connection."""
    with open_store(url) as store:
        return store.stats().articles


def _consistent(url: str) -> None:
    """Every table agrees: one index entry per article, no orphan facets, identities unique."""
    with open_store(url) as store:
        conn, fts = store.conn, ("articles_fts", "rowid") if store.backend == "sqlite" else (
            "article_search", "article_id")
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT COUNT(*) FROM articles") == one(f"SELECT COUNT(*) FROM {fts[0]}")
        assert one(f"SELECT COUNT(*) FROM {fts[0]} WHERE {fts[1]} NOT IN (SELECT id FROM articles)") == 0
        orphans = "SELECT COUNT(*) FROM ingested_inputs WHERE article_id NOT IN (SELECT id FROM articles)"
        assert one(orphans) == 0
        assert one("SELECT COUNT(DISTINCT identity) FROM articles") == one("SELECT COUNT(*) FROM articles")
        if store.backend == "sqlite":
            assert one("PRAGMA integrity_check") == "ok"


@pytest.mark.parametrize("backend", BACKENDS)
def test_ingest_survives_kill_9(backend: str, tmp_path: Path) -> None:
    """kill -9 in the middle of an ingest leaves a consistent store; the rerun completes it exactly."""
    n = 600
    src = write_jsonl(tmp_path / "big.jsonl", [article(i, url=i % 5 != 0) for i in range(n)])
    with backend_url(backend, tmp_path) as url:
        cmd = [sys.executable, "-m", "warta.cli", "ingest", str(src), "--db", url, "--batch-size", "20"]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            try:
                stored = _count(url)
            except Exception:  # the store may not exist yet
                continue
            if stored >= 60:
                break
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read()[-500:]!r}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        partial = _count(url)
        assert 60 <= partial < n
        _consistent(url)
        rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0, rerun.stderr
        assert f"stored {n - partial}," in rerun.stderr
        assert _count(url) == n
        _consistent(url)


def test_ingest_document_jsonl_with_raw_can_be_reanalysed(tmp_path: Path) -> None:
    """Document JSON with --include-raw keeps its raw text, so reanalyze can run the pipeline on it."""
    doc = Pipeline()(document_from_record(article(7)))
    src = write_jsonl(tmp_path / "raw.jsonl", [doc.to_json(include_raw=True)])
    with open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        assert ingest([str(src)], store).stored == 1
        got = store.get(1)
        assert got.doc.raw == doc.raw and got.doc.to_json() == doc.to_json()
        assert reanalyze(store).stored == 1
        assert store.get(1).provenance.config_hash != IMPORTED_CONFIG
