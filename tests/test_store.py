"""The corpus store, run against both backends: SQLite always, PostgreSQL when a server is set.

PostgreSQL is found through ``$WARTA_TEST_PG_URL`` or the ``PG*`` variables (``pg_virtualenv``
sets them); without one the PostgreSQL cases skip, unless ``WARTA_REQUIRE_SERVICES=1`` makes them
fail. Each PostgreSQL case gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import random
import threading
import unicodedata
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from tests_helpers import BACKENDS, backend_url

from warta.errors import ConfigError
from warta.model import Document, Span
from warta.store import Filters, Provenance, PutItem, Store, open_store, text
from warta.store.urls import canonical_url

PROV = Provenance("0.0.test", {"entities": "m1"}, "cfg1")


# -- backends -------------------------------------------------------------------------------------

@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store URL for each backend."""
    with backend_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open, empty store of each backend."""
    with open_store(store_url) as s:
        yield s


@pytest.fixture(scope="module", params=BACKENDS)
def filled(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[int]]]:
    """A store of each backend holding CORPUS (read-only), and the article ids in CORPUS order."""
    with backend_url(request.param, tmp_path_factory.mktemp("filled")) as url, open_store(url) as s:
        yield s, fill(s)


# -- documents --------------------------------------------------------------------------------------

def make_doc(text_: str, *, url: str | None = None, title: str | None = "Judul", source: str = "contoh.id",
             published: str | None = "2024-03-01T10:00:00+07:00", entities: list[tuple[str, str]] = (),
             quotes: list[tuple[str, str]] = (), sources: list[str] = (), events: list[str] = (),
             raw: str = "") -> Document:
    """A hand-built analysed Document (entities as (text, label), quotes as (speaker, text))."""
    doc = Document(id=None, source=source, url=url, title=title, published=published, text=text_,
                   raw=raw, language="id")
    doc.sentences = [Span(0, len(text_), text_)]
    for name, label in entities:
        at = text_.find(name)
        doc.entities.append({"start": max(at, 0), "end": max(at, 0) + len(name), "text": name,
                             "label": label, "confidence": 0.9})
    for speaker, said in quotes:
        doc.quotes.append({"speaker": speaker, "text": said, "start": 0, "end": len(said)})
    doc.sources = [{"text": s, "kind": "official"} for s in sources]
    doc.events = [{"code": c, "actor1": "Polisi", "actor2": {"text": "Warga"}} for c in events]
    return doc


CORPUS = [
    make_doc("Presiden meresmikan jalan tol baru di Semarang. Harga beras naik di pasar.",
             url="https://contoh.id/a/1", title="Jalan tol Semarang", published="2024-01-05T09:00:00+07:00",
             entities=[("Semarang", "LOC"), ("Joko Widodo", "PER")], quotes=[("Joko Widodo", "Kami bangun")]),
    make_doc("Polisi menangkap dua tersangka penipuan di Bandung. Penangkapan dilakukan malam hari.",
             url="https://contoh.id/a/2", title="Penipuan di Bandung", published="2024-02-10T20:00:00+07:00",
             source="lain.id", entities=[("Bandung", "LOC")],
             quotes=[("Kapolres", "Tersangka sudah ditahan")],
             sources=["Kapolres Bandung"], events=["1411"]),
    make_doc("Harga beras di Bandung turun setelah panen raya. Pedagang menulis laporan harga.",
             url="https://contoh.id/a/3", title="Beras turun", published="2024-03-15T08:00:00+07:00",
             entities=[("Bandung", "LOC"), ("Joko Widodo", "PER")], quotes=[("joko widodo", "Stok aman")],
             events=["0411"]),
    make_doc("Penulis buku sejarah Semarang meluncurkan karya terbarunya. Tulisan itu tentang pelabuhan.",
             url=None, title=None, published=None, entities=[("Semarang", "LOC")]),
]


def fill(store: Store) -> list[int]:
    """Store the small corpus; returns the article ids in CORPUS order."""
    return [store.put(d, provenance=PROV).article_id for d in CORPUS]


# -- shared text and URL logic (backend-independent) ---------------------------------------------

@pytest.mark.parametrize(("word", "stem"), [
    ("menulis", "tulis"), ("penulis", "tulis"), ("tulisan", "tulis"), ("memukul", "pukul"),
    ("menyapu", "sapu"), ("ditangkap", "tangkap"), ("penangkapan", "tangkap"), ("bukunya", "buku"),
    ("pertanyaan", "tanya"), ("pekerja", "kerja"), ("menteri", "menteri"), ("pemerintah", "pemerintah"),
    ("beras", "beras"), ("2024", "2024"),
])
def test_store_text_stems(word: str, stem: str) -> None:
    """Indonesian affixes are stripped the same way for index and query."""
    assert text.terms(word) == [stem]


def test_store_text_terms_normalise() -> None:
    """Case, diacritics, apostrophes, digit groups, reduplication and stop words are normalised."""
    assert text.terms("Anak-anak di Jum'at membayar Rp1.500.000 dan Café") == \
        ["anak", "jumat", "bayar", "rp1500000", "cafe"]


def test_store_text_parse_query() -> None:
    """Words become single clauses, quoted phrases keep their order, stop words vanish."""
    assert text.parse_query('harga "jalan tol di Semarang" yang') == [["harga"], ["jalan", "tol", "semarang"]]
    assert text.parse_query("yang dan di") == []


@pytest.mark.parametrize(("url", "canonical"), [
    ("https://m.contoh.id/berita/1/judul/amp?utm_source=x&fbclid=y#atas", "contoh.id/berita/1/judul"),
    ("http://www.contoh.id/berita/1/judul/", "contoh.id/berita/1/judul"),
    ("https://amp.contoh.id/berita/1/judul.amp", "contoh.id/berita/1/judul"),
    ("https://contoh.id/baca?id=7&utm_medium=social&page=2", "contoh.id/baca?id=7"),
    ("contoh.id/berita/1/", "contoh.id/berita/1"),
    ("mailto:x@contoh.id", None),
    ("", None),
])
def test_store_canonical_url(url: str, canonical: str | None) -> None:
    """Tracking parameters, AMP/mobile variants and trailing slashes are normalised away."""
    assert canonical_url(url) == canonical


# -- identity, revisions, round trip ------------------------------------------------------------------

def test_store_put_stores_then_skips_identical(store: Store) -> None:
    """Storing the same content twice stores once and reports the second as skipped."""
    doc = make_doc("Harga cabai naik tajam.", url="https://contoh.id/x/1")
    first = store.put(doc, provenance=PROV)
    again = store.put(doc, provenance=PROV)
    assert (first.status, again.status) == ("stored", "skipped")
    assert first.article_id == again.article_id
    assert store.stats().articles == 1


def test_store_url_variants_are_one_article(store: Store) -> None:
    """AMP, mobile, tracking and trailing-slash variants of a URL identify the same article."""
    urls_ = ["https://contoh.id/x/2", "https://m.contoh.id/x/2/amp?utm_source=fb", "http://www.contoh.id/x/2/"]
    results = [store.put(make_doc("Isi yang sama.", url=u), provenance=PROV) for u in urls_]
    assert [r.status for r in results] == ["stored", "skipped", "skipped"]
    assert store.get(results[0].article_id).canonical_url == "contoh.id/x/2"


def test_store_changed_content_becomes_revision(store: Store) -> None:
    """New content under a known URL is a new revision; the old one is kept; old content is skipped."""
    v1 = make_doc("Korban banjir mencapai sepuluh orang.", url="https://contoh.id/x/3")
    v2 = make_doc("Korban banjir mencapai dua belas orang.", url="https://contoh.id/x/3?utm_campaign=z")
    r1, r2, r3 = (store.put(d, provenance=PROV) for d in (v1, v2, v1))
    assert (r1.status, r2.status, r3.status) == ("stored", "revised", "skipped")
    assert r2.revision == 2 and r1.article_id == r2.article_id
    got = store.get(r1.article_id)
    assert got.revision == 2 and "dua belas" in got.doc.text
    assert [r.revision for r in got.revisions] == [1, 2]
    assert store.search("sepuluh").total == 0 and store.search("belas").total == 1
    assert store.stats().revisions == 2


def test_store_put_many_equals_put_in_order(store_url: str, tmp_path: Path) -> None:
    """put_many gives what put gives one item at a time: repeats skip, changes revise, known ones too."""
    known = make_doc("Harga cabai naik di pasar.", url="https://contoh.id/m/0")
    batch = [make_doc("Harga beras naik.", url="https://contoh.id/m/1", entities=[("Perum", "ORG")]),
             make_doc("Harga beras naik.", url="https://contoh.id/m/1?utm_source=x"),
             make_doc("Harga beras turun lagi kata Bulog.", url="https://contoh.id/m/1",
                      entities=[("Bulog", "ORG")]),
             make_doc("Harga cabai turun.", url="https://contoh.id/m/0"),
             make_doc("Teks tanpa alamat tentang banjir.", quotes=[("Camat", "Air mulai surut")]),
             make_doc("Teks   tanpa alamat tentang banjir.")]
    items = [PutItem(d, PROV, raw_hash=f"raw-{i}") for i, d in enumerate(batch)]
    with backend_url("sqlite", tmp_path) as ref_url, open_store(ref_url) as ref:
        ref.put(known, provenance=PROV)
        expected = [ref.put(i.doc, provenance=i.provenance, raw_hash=i.raw_hash) for i in items]
        ref_hits = {q: ref.search(q).total for q in ("beras", "turun", "cabai", "banjir")}
    with open_store(store_url) as s:
        s.put(known, provenance=PROV)
        got = s.put_many(items)
        assert got == expected
        assert [r.status for r in got] == ["stored", "skipped", "revised", "revised", "stored", "skipped"]
        assert {q: s.search(q).total for q in ref_hits} == ref_hits
        assert s.known_raw([i.raw_hash for i in items]) == {i.raw_hash for i in items}
        assert s.stats().quotes == 1 and [e.key for e in s.entities().items] == ["ORG:bulog"]


def test_store_identity_without_url_is_text(store: Store) -> None:
    """Without a URL, identical clean text is one article and different text another."""
    a = store.put(make_doc("Teks tanpa alamat."), provenance=PROV)
    b = store.put(make_doc("Teks   tanpa alamat."), provenance=PROV)
    c = store.put(make_doc("Teks lain tanpa alamat."), provenance=PROV)
    assert (a.status, b.status, c.status) == ("stored", "skipped", "stored")
    assert store.get(a.article_id).identity.startswith("text:")


def test_store_get_round_trips_document(store: Store) -> None:
    """get() returns the stored Document (raw text included) and its provenance."""
    doc = make_doc("Gempa mengguncang Cianjur.", url="https://contoh.id/x/4",
                   raw="RAW Gempa mengguncang Cianjur.", entities=[("Cianjur", "LOC")])
    doc.offsets.runs = [(0, 4, 26)]
    doc.stages = ["clean", "meta"]
    result = store.put(doc, provenance=PROV)
    got = store.get(result.article_id)
    assert got.doc.to_json(include_raw=True) == doc.to_json(include_raw=True)
    assert got.provenance.models == {"entities": "m1"} and got.provenance.config_hash == "cfg1"
    assert store.get(999999) is None


# -- search -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "filters", "expected"), [
    ("beras", None, [0, 2]),
    ("Beras", Filters(date_from="2024-03-01"), [2]),
    ('"harga beras"', None, [0, 2]),
    ('"beras harga"', None, []),
    ("tulis", None, [2, 3]),
    ("penulis", None, [2, 3]),
    ("tangkap", None, [1]),
    ("bandung", Filters(entity="LOC:Bandung"), [1, 2]),
    ("bandung", Filters(entity="joko widodo"), [2]),
    ("bandung", Filters(portal="lain.id"), [1]),
    ("harga", Filters(speaker="Joko Widodo"), [0, 2]),
    ("harga", Filters(date_from="2024-01-01", date_to="2024-01-31"), [0]),
    ("semarang", None, [0, 3]),
    ("semarang", Filters(date_from="2000-01-01"), [0]),
    ("tersangka", Filters(event_code="14"), [1]),
    ("tersangka", Filters(event_code="04"), []),
    ("yang dan", None, []),
    ('"jalan tol" presiden', None, [0]),
])
def test_store_search_hits(filled: tuple[Store, list[int]], query: str, filters: Filters | None,
                           expected: list[int]) -> None:
    """Words, phrases, stemming and filters give the same hits on every backend."""
    store, ids = filled
    page = store.search(query, filters, limit=50)
    assert sorted(h.article.article_id for h in page.items) == sorted(ids[i] for i in expected)
    assert page.total == len(expected)


def test_store_search_snippet_and_paging(filled: tuple[Store, list[int]]) -> None:
    """Hits carry a snippet with highlighted matches; limit and offset page through them."""
    store, _ = filled
    page = store.search("harga", limit=1)
    assert page.total == 2 and len(page.items) == 1
    hit = page.items[0]
    assert any(hit.snippet[s:e].lower().startswith("harga") for s, e in hit.highlights)
    second = store.search("harga", limit=1, offset=1).items[0]
    assert second.article.article_id != hit.article.article_id


NFD_PEREZ = unicodedata.normalize("NFD", "Pérez")


@pytest.mark.parametrize(("body", "query", "marked"), [
    (f"Warga desa menyebut nama {NFD_PEREZ} dalam rapat.", "perez", [NFD_PEREZ]),
    (unicodedata.normalize("NFD", "Kafé di Bandung ramai; kafé lain sepi."), "kafe",
     [unicodedata.normalize("NFD", "Kafé"), unicodedata.normalize("NFD", "kafé")]),
    ("Petani membayar Rp1.500.000 untuk pupuk.", "Rp1.500.000", ["Rp1.500.000"]),
    ("Ibu İstanbul dan ﬁnal turnamen: harga tiket naik.", "harga", ["harga"]),
    ("x" * 400 + " Harga beras naik di pasar.", "beras", ["beras"]),
])
def test_store_text_snippet_highlights_folded_words(body: str, query: str, marked: list[str]) -> None:
    """Highlights cover whole words even where folding changes the text's length (accents, ligatures)."""
    snip, highs = text.snippet(body, text.parse_query(query))
    assert [snip[s:e] for s, e in highs] == marked


def test_store_search_snippet_of_decomposed_text(store: Store) -> None:
    """A hit on a word written with combining accents highlights the word as written."""
    doc = make_doc(f"Rapat warga membahas usulan {NFD_PEREZ} tentang jalan desa.", url="https://contoh.id/nfd")
    store.put(doc, provenance=PROV)
    hit = store.search("perez").items[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == [NFD_PEREZ]


def test_store_search_matches_reference(store: Store) -> None:
    """On 400 generated articles, every query's hits equal a pure-Python evaluation of the clauses.

    A phrase matches when each pair of its consecutive words is adjacent somewhere in the article.
    """
    rng = random.Random(7)
    words = ["harga", "beras", "menteri", "penangkapan", "banjir", "jalan", "tol", "pasar", "rakyat",
             "desa", "kota", "pemilu", "menulis", "tulisan", "anak-anak", "pelabuhan", "kapal", "laut"]
    docs = []
    with store.transaction():
        for i in range(400):
            body = " ".join(rng.choice(words) for _ in range(rng.randint(5, 30))) + "."
            doc = make_doc(body, url=f"https://contoh.id/gen/{i}", title=rng.choice(words).title())
            docs.append((store.put(doc, provenance=PROV).article_id, text.index_terms(doc.title, doc.text)))
    for query in ["beras", "tulis", '"harga beras"', '"jalan tol pasar"', "menteri banjir", '"anak kapal"',
                  "laut", '"pelabuhan kapal laut"']:
        clauses = text.parse_query(query)
        expected = set()
        for article_id, terms in docs:
            toks = terms.split()
            if all(all(any(toks[i:i + 2] == c[j:j + 2] for i in range(len(toks))) for j in range(len(c) - 1))
                   if len(c) > 1 else c[0] in toks for c in clauses):
                expected.add(article_id)
        page = store.search(query, limit=500)
        assert {h.article.article_id for h in page.items} == expected, query
        assert page.total == len(expected)


def test_store_bad_filters_raise(store: Store) -> None:
    """A malformed day or page bound is a ConfigError naming the fix."""
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        store.search("beras", Filters(date_from="01/02/2024"))
    with pytest.raises(ConfigError):
        store.list_articles(limit=-1)


# -- browsing ---------------------------------------------------------------------------------------

def test_store_list_articles_order_and_filters(filled: tuple[Store, list[int]]) -> None:
    """Newest first by default (undated last), oldest on request, filters narrow the list."""
    store, ids = filled
    assert [a.article_id for a in store.list_articles().items] == [ids[2], ids[1], ids[0], ids[3]]
    oldest = store.list_articles(order="oldest").items
    assert [a.article_id for a in oldest] == [ids[0], ids[1], ids[2], ids[3]]
    page = store.list_articles(Filters(entity="Bandung"), limit=1)
    assert page.total == 2 and page.items[0].article_id == ids[2]
    assert store.list_articles(Filters(portal="lain.id")).items[0].n_quotes == 1


def test_store_entities_and_detail(filled: tuple[Store, list[int]]) -> None:
    """Entity counts, a timeline per day, co-occurring entities and the latest articles."""
    store, ids = filled
    page = store.entities()
    counts = {e.key: (e.mentions, e.articles) for e in page.items}
    assert counts == {"LOC:semarang": (2, 2), "LOC:bandung": (2, 2), "PER:joko widodo": (2, 2)}
    assert store.entities(label="PER").total == 1
    assert [e.key for e in store.entities(prefix="band").items] == ["LOC:bandung"]
    detail = store.entity("Bandung")
    assert detail.entity.key == "LOC:bandung"
    assert detail.timeline == [("2024-02-10", 1), ("2024-03-15", 1)]
    assert [e.key for e in detail.cooccurring] == ["PER:joko widodo"]
    assert [a.article_id for a in detail.latest] == [ids[2], ids[1]]
    assert store.entity("nobody") is None
    assert store.entity("PER:Joko  Widodo", Filters(date_to="2024-01-31")).timeline == [("2024-01-05", 1)]


def test_store_speakers_quotes_sources_portals_events(filled: tuple[Store, list[int]]) -> None:
    """Aggregates over quotes, reported sources, portals and events."""
    store, ids = filled
    speakers = {s.key: (s.quotes, s.articles) for s in store.speakers().items}
    assert speakers == {"joko widodo": (2, 2), "kapolres": (1, 1)}
    quotes = store.quotes(speaker="Joko Widodo")
    assert [q.article_id for q in quotes.items] == [ids[2], ids[0]] and quotes.items[0].text == "Stok aman"
    assert store.quotes(Filters(portal="lain.id")).total == 1
    assert [(s.key, s.mentions) for s in store.sources().items] == [("kapolres bandung", 1)]
    assert [(p.portal, p.articles) for p in store.portals()] == [("contoh.id", 3), ("lain.id", 1)]
    events = store.events()
    assert [e.code for e in events.items] == ["0411", "1411"]
    assert store.events(Filters(event_code="14")).total == 1


def test_store_export_formats(filled: tuple[Store, list[int]]) -> None:
    """JSONL is the Document JSON per article; CSV has a header row; GDELT one row per event."""
    import csv
    import io
    import json

    store, ids = filled
    lines = list(store.export("jsonl"))
    assert len(lines) == 4 and json.loads(lines[0])["title"] == "Jalan tol Semarang"
    assert len(list(store.export("jsonl", Filters(portal="lain.id")))) == 1
    rows = list(csv.reader(io.StringIO("".join(store.export("csv")))))
    assert rows[0][0] == "article_id" and len(rows) == 5 and rows[1][0] == str(ids[0])
    gdelt = list(store.export("gdelt"))
    assert len(gdelt[0].split("\t")) == 61 and len(gdelt) == 3
    assert gdelt[1].split("\t")[26] == "0411" or gdelt[2].split("\t")[26] == "0411"
    with pytest.raises(ConfigError):
        list(store.export("xml"))  # type: ignore[arg-type]


def test_store_stats_failures_and_reopen(store_url: str) -> None:
    """Stats count everything; failures are recorded once; reopening keeps data and schema."""
    with open_store(store_url) as s:
        fill(s)
        s.record_failure(path="a.jsonl", line=3, reason="malformed JSON")
        s.record_failure(path="a.jsonl", line=3, reason="malformed JSON")
        s.optimize()
    with open_store(store_url) as s:
        stats = s.stats()
        assert (stats.articles, stats.entities, stats.quotes, stats.sources, stats.events, stats.portals,
                stats.failures) == (4, 3, 3, 1, 2, 2, 1)
        assert (stats.first_day, stats.last_day, stats.schema_version) == ("2024-01-05", "2024-03-15",
                                                                            latest_migration(s.migrations_dir))
        assert s.failures().items[0].line == 3


def latest_migration(folder_name: str) -> int:
    """The number of the last migration file shipped in a backend's migrations folder."""
    folder = resources.files("warta.store").joinpath("migrations", folder_name)
    return max(int(f.name.split("_", 1)[0]) for f in folder.iterdir() if f.name.endswith(".sql"))


def test_store_outdated_and_replace_analysis(store: Store) -> None:
    """Articles with raw text and another provenance are outdated until their analysis is replaced."""
    with_raw = make_doc("Isi lama.", url="https://contoh.id/r/1", raw="Isi lama.")
    without_raw = make_doc("Tanpa mentah.", url="https://contoh.id/r/2")
    a = store.put(with_raw, provenance=PROV).article_id
    store.put(without_raw, provenance=PROV)
    newer = Provenance("0.0.test", {"entities": "m2"}, "cfg1")
    assert [x.article_id for x in store.outdated(newer)] == [a]
    assert store.outdated(PROV) == []
    updated = make_doc("Isi lama.", url="https://contoh.id/r/1", raw="Isi lama.", entities=[("Isi", "MISC")])
    store.replace_analysis(a, updated, provenance=newer)
    assert store.outdated(newer) == []
    got = store.get(a)
    assert got.revision == 1 and got.doc.entities and got.provenance.models == {"entities": "m2"}


def test_store_transaction_rolls_back(store: Store) -> None:
    """An exception inside a transaction leaves nothing of it behind."""
    with pytest.raises(RuntimeError), store.transaction():
        store.put(make_doc("Akan hilang.", url="https://contoh.id/t/1"), provenance=PROV)
        raise RuntimeError("boom")
    assert store.stats().articles == 0
    doc = make_doc("Akan hilang.", url="https://contoh.id/t/1")
    assert store.put(doc, provenance=PROV).status == "stored"


def test_store_threads_share_one_store(store: Store) -> None:
    """Reads and writes from several threads on one store do not interfere."""
    fill(store)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                doc = make_doc(f"Berita ke {n} {i}.", url=f"https://contoh.id/th/{n}/{i}")
                store.put(doc, provenance=PROV)
                store.search("beras")
        except BaseException as err:  # collected for the assertion below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and store.stats().articles == 84


def test_store_open_store_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """sqlite:/// URLs, plain paths and $WARTA_DB open SQLite; unknown schemes are refused."""
    with open_store(str(tmp_path / "plain.db")) as s:
        assert s.backend == "sqlite"
    monkeypatch.setenv("WARTA_DB", f"sqlite:///{tmp_path / 'env.db'}")
    with open_store(None) as s:
        s.put(make_doc("Isi."), provenance=PROV)
    assert (tmp_path / "env.db").exists()
    with pytest.raises(ConfigError, match="unsupported"):
        open_store("mysql://x/y")
