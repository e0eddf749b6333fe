"""Demo articles written for warta, with hand-placed annotations, and a synthetic corpus generator.

The dashboard's tests, the screenshot script and the API load benchmark store these instead of
analysing real news: every annotation (entities, quotes with speakers, time expressions, reported
sources) is placed by searching its text in the article, so offsets are always right. All names
and events are invented.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from warta.model import Dateline, Document


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """An article and what to annotate in it (surface strings, found in the text)."""

    title: str
    source: str
    url: str
    published: str
    text: str
    entities: Sequence[tuple[str, str]] = ()
    quotes: Sequence[tuple[str, str]] = ()
    timexes: Sequence[tuple[str, str]] = ()
    chains: Sequence[Sequence[str]] = ()
    events: Sequence[dict[str, Any]] = field(default_factory=tuple)


def _find_all(text: str, needle: str) -> list[int]:
    """Every start offset of ``needle`` in ``text``."""
    starts, i = [], text.find(needle)
    while i >= 0:
        starts.append(i)
        i = text.find(needle, i + len(needle))
    return starts


def _span(text: str, needle: str, after: int = 0) -> dict[str, Any]:
    """The span dict of the first ``needle`` at or after ``after``; ValueError when absent."""
    start = text.find(needle, after)
    if start < 0:
        raise ValueError(f"demo annotation {needle!r} not in the text")
    return {"start": start, "end": start + len(needle), "text": needle}


def build(article: DemoArticle) -> Document:
    """The Document of a demo article, annotations placed by text search."""
    text = article.text
    doc = Document(title=article.title, source=article.source, url=article.url,
                   published=article.published, published_from="metadata", text=text, raw=text,
                   language="id", stages=["clean", "meta", "segment"])
    head, sep, _ = text.partition(" - ")
    if sep and len(head) < 60:
        place, _, outlet = head.partition(", ")
        doc.dateline = Dateline(0, len(head) + 3, text[: len(head) + 3], place.title() or None,
                                outlet or None)
    for surface, label in article.entities:
        for start in _find_all(text, surface):
            doc.entities.append({"start": start, "end": start + len(surface), "text": surface,
                                 "label": label})
    for quoted, speaker in article.quotes:
        span = _span(text, quoted)
        who: dict[str, Any] | str = speaker
        if (at := text.find(speaker, span["end"])) >= 0 or (at := text.find(speaker)) >= 0:
            who = {"start": at, "end": at + len(speaker), "text": speaker}
        doc.quotes.append({**span, "speaker": who})
    for surface, value in article.timexes:
        doc.timexes.append({**_span(text, surface), "value": value})
    for chain in article.chains:
        doc.sources.append({"name": chain[-1], "chain": list(chain)})
    doc.events.extend(dict(ev) for ev in article.events)
    return doc


DEMO_ARTICLES: tuple[DemoArticle, ...] = (
    DemoArticle(
        title="Wali Kota Bandung resmikan jalur sepeda baru di Dago",
        source="warta-demo.id",
        url="https://warta-demo.invalid/kota/jalur-sepeda-dago",
        published="2024-03-04T09:30:00+07:00",
        text=(
            "BANDUNG, Warta Demo - Wali Kota Bandung Sari Wulandari meresmikan jalur sepeda "
            "sepanjang 4,2 kilometer di kawasan Dago pada Senin (4/3/2024) pagi. Jalur itu "
            "menghubungkan Simpang Dago dengan Taman Hutan Raya.\n\n"
            "\"Kami ingin warga berani bersepeda ke kantor dan ke sekolah,\" kata Sari Wulandari "
            "di sela peresmian.\n\n"
            "Kepala Dinas Perhubungan Kota Bandung Agus Prasetyo mengatakan pembatas jalur "
            "dipasang permanen. \"Pembatasnya beton, bukan sekadar cat,\" ujar Agus Prasetyo.\n\n"
            "Menurut data Dinas Perhubungan Kota Bandung, sekitar 3.000 pesepeda melintas di "
            "Dago setiap akhir pekan. Jalur serupa direncanakan di Jalan Riau tahun depan."
        ),
        entities=(("Sari Wulandari", "PER"), ("Agus Prasetyo", "PER"), ("Bandung", "LOC"),
                  ("Dinas Perhubungan Kota Bandung", "ORG"), ("Dago", "LOC"),
                  ("Taman Hutan Raya", "LOC"), ("Jalan Riau", "LOC")),
        quotes=(("\"Kami ingin warga berani bersepeda ke kantor dan ke sekolah,\"", "Sari Wulandari"),
                ("\"Pembatasnya beton, bukan sekadar cat,\"", "Agus Prasetyo")),
        timexes=(("Senin (4/3/2024) pagi", "2024-03-04TMO"), ("setiap akhir pekan", "XXXX-WXX-WE"),
                 ("tahun depan", "2025")),
        chains=(("Warta Demo", "Dinas Perhubungan Kota Bandung"),),
        events=({"code": "043", "date": "2024-03-04", "text": "peresmian jalur sepeda Dago",
                 "actor1": "Sari Wulandari"},),
    ),
    DemoArticle(
        title="Harga cabai rawit di Surabaya turun setelah panen raya",
        source="kabar-demo.id",
        url="https://kabar-demo.invalid/ekonomi/harga-cabai-surabaya",
        published="2024-03-06T14:05:00+07:00",
        text=(
            "SURABAYA, Kabar Demo - Harga cabai rawit di pasar tradisional Surabaya turun menjadi "
            "Rp 38.000 per kilogram pada Rabu (6/3/2024), dari Rp 61.000 dua pekan lalu.\n\n"
            "Pedagang Pasar Keputran, Dewi Lestari, menyebut pasokan dari Kediri melimpah. "
            "\"Sekarang truk datang tiap subuh, jadi harga cepat turun,\" kata Dewi Lestari.\n\n"
            "Wali Kota Bandung Sari Wulandari, yang berkunjung ke Surabaya untuk rapat "
            "kerja sama daerah, ikut berbelanja. \"Bandung bisa belajar dari rantai pasok di sini,\" "
            "ujar Sari Wulandari.\n\n"
            "Dinas Perdagangan Jawa Timur memperkirakan harga stabil hingga akhir Maret."
        ),
        entities=(("Surabaya", "LOC"), ("Pasar Keputran", "LOC"), ("Dewi Lestari", "PER"),
                  ("Kediri", "LOC"), ("Sari Wulandari", "PER"), ("Bandung", "LOC"),
                  ("Dinas Perdagangan Jawa Timur", "ORG")),
        quotes=(("\"Sekarang truk datang tiap subuh, jadi harga cepat turun,\"", "Dewi Lestari"),
                ("\"Bandung bisa belajar dari rantai pasok di sini,\"", "Sari Wulandari")),
        timexes=(("Rabu (6/3/2024)", "2024-03-06"), ("dua pekan lalu", "2024-02-21"),
                 ("akhir Maret", "2024-03")),
        chains=(("Kabar Demo", "Dewi Lestari"), ("Kabar Demo", "Dinas Perdagangan Jawa Timur")),
        events=({"code": "036", "date": "2024-03-06", "text": "kunjungan kerja sama daerah ke Surabaya",
                 "actor1": "Sari Wulandari", "actor2": "Surabaya"},),
    ),
    DemoArticle(
        title="BMKG: hujan lebat diperkirakan turun di Bandung pekan ini",
        source="warta-demo.id",
        url="https://warta-demo.invalid/cuaca/hujan-lebat-bandung",
        published="2024-04-15T07:45:00+07:00",
        text=(
            "BANDUNG, Warta Demo - Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) "
            "memperkirakan hujan lebat turun di Bandung dan sekitarnya mulai Selasa (16/4/2024).\n\n"
            "Prakirawan BMKG Rudi Hartanto meminta warga di lereng utara waspada longsor. "
            "\"Tanah sudah jenuh air setelah hujan tiga hari berturut-turut,\" kata Rudi Hartanto.\n\n"
            "Sari Wulandari memerintahkan petugas membersihkan saluran air di Dago sebelum akhir "
            "pekan, seperti dikutip dari keterangan tertulis Pemerintah Kota Bandung."
        ),
        entities=(("Badan Meteorologi, Klimatologi, dan Geofisika", "ORG"), ("BMKG", "ORG"),
                  ("Bandung", "LOC"), ("Rudi Hartanto", "PER"), ("Sari Wulandari", "PER"),
                  ("Dago", "LOC"), ("Pemerintah Kota Bandung", "ORG")),
        quotes=(("\"Tanah sudah jenuh air setelah hujan tiga hari berturut-turut,\"", "Rudi Hartanto"),),
        timexes=(("Selasa (16/4/2024)", "2024-04-16"), ("akhir pekan", "2024-W16"),
                 ("tiga hari", "P3D")),
        chains=(("Warta Demo", "Pemerintah Kota Bandung", "Sari Wulandari"), ("Warta Demo", "BMKG")),
    ),
)

XSS_TITLE = "<script>alert('xss-title')</script> Judul \"berbahaya\" & <b>tebal</b>"
XSS_TEXT = (
    "JAKARTA, Demo - Teks berisi <img src=x onerror=alert('xss-body')> dan "
    "<script>alert('xss-script')</script> yang harus tampil sebagai teks biasa. "
    "\"<a href='javascript:alert(1)'>klik</a>,\" kata <i>Penyusup</i>."
)


def xss_article() -> DemoArticle:
    """An article whose title, text, entity label and speaker are HTML/JS injection attempts."""
    return DemoArticle(
        title=XSS_TITLE,
        source="<svg onload=alert('xss-source')>",
        url="javascript://demo.invalid/%0Aalert('xss-url')",
        published="2024-05-01T10:00:00+07:00",
        text=XSS_TEXT,
        entities=(("<img src=x onerror=alert('xss-body')>", "\"><script>alert('xss-label')</script>"),
                  ("<i>Penyusup</i>", "PER")),
        quotes=(("\"<a href='javascript:alert(1)'>klik</a>,\"", "<i>Penyusup</i>"),),
        chains=(("<b>rantai</b>", "<script>alert('xss-chain')</script>"),),
    )


def demo_documents() -> list[Document]:
    """The hand-written demo articles as annotated Documents."""
    return [build(a) for a in DEMO_ARTICLES]


_FIRST = ("Sari", "Agus", "Dewi", "Rudi", "Wahyu", "Lestari", "Yohanes", "Made", "Siti", "Putu", "Hendra",
          "Nur", "Fajar", "Intan", "Bayu", "Ratna", "Joko", "Maria", "Teguh", "Ayu")
_LAST = ("Wulandari", "Prasetyo", "Lestari", "Hartanto", "Saputra", "Nugroho", "Siregar", "Wijaya",
         "Purba", "Rahmawati", "Kusuma", "Simanjuntak", "Hidayat", "Pratama", "Santoso")
_PLACES = ("Bandung", "Surabaya", "Medan", "Makassar", "Denpasar", "Palembang", "Semarang", "Pontianak",
           "Kupang", "Ambon", "Manado", "Padang", "Jayapura", "Mataram", "Balikpapan")
_ORGS = ("Dinas Perhubungan", "Dinas Kesehatan", "Dinas Pendidikan", "Badan Pusat Statistik",
         "Dinas Perdagangan", "Badan Penanggulangan Bencana Daerah", "Dinas Pariwisata")
_TOPICS = (("jalur sepeda", "membangun"), ("harga beras", "memantau"), ("vaksinasi anak", "memperluas"),
           ("banjir rob", "menangani"), ("pasar malam", "menata"), ("angkutan kota", "menambah"),
           ("sekolah rusak", "memperbaiki"), ("festival kuliner", "menggelar"))
_PORTALS = ("warta-demo.id", "kabar-demo.id", "berita-contoh.id", "harian-contoh.id")


def synthetic_documents(n: int, *, seed: int = 7) -> Iterator[Document]:
    """``n`` generated articles (template sentences over invented names) for load tests.

    Args:
        n: how many articles.
        seed: random seed; the same seed gives the same corpus.

    Returns:
        An iterator of annotated Documents with distinct URLs.
    """
    rng = random.Random(seed)
    for i in range(n):
        person, other = (f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(2))
        place = rng.choice(_PLACES)
        org = f"{rng.choice(_ORGS)} Kota {place}"
        topic, verb = rng.choice(_TOPICS)
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        date = f"2023-{month:02d}-{day:02d}"
        quote = f"\"Kami akan {verb} {topic} secepatnya,\""
        text = (
            f"{place.upper()}, Demo - {org} {verb} {topic} di {place} pada {day}/{month}/2023. "
            f"Langkah itu diumumkan oleh {person} dalam rapat bersama warga.\n\n"
            f"{quote} kata {person}. Warga bernama {other} menyambut rencana itu dan berharap "
            f"{topic} di {place} segera membaik. Laporan nomor {i} mencatat {rng.randint(10, 999)} "
            f"warga hadir."
        )
        article = DemoArticle(
            title=f"{org} {verb} {topic} di {place} ({i})",
            source=rng.choice(_PORTALS),
            url=f"https://demo.invalid/artikel/{i}",
            published=f"{date}T{8 + i % 10:02d}:00:00+07:00",
            text=text,
            entities=((person, "PER"), (other, "PER"), (place, "LOC"), (org, "ORG")),
            quotes=((quote, person),),
            timexes=((f"{day}/{month}/2023", date),),
            chains=(("Demo", org),),
        )
        yield build(article)


def seed_store(url: str, docs: Iterable[Document], *, batch: int = 500) -> int:
    """Store Documents in the store at ``url`` (in transactions of ``batch``); returns how many."""
    from warta import __version__
    from warta.store import Provenance, open_store

    provenance = Provenance(warta_version=__version__)
    count = 0
    with open_store(url) as store:
        pending = iter(docs)
        while chunk := list(islice(pending, batch)):
            with store.transaction():
                for doc in chunk:
                    store.put(doc, provenance=provenance)
            count += len(chunk)
    return count


@contextmanager
def background_server(app: Any, *, host: str = "127.0.0.1", timeout: float = 20.0) -> Iterator[str]:
    """Run an ASGI app with uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=0, log_level="warning",
                                           access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, name="warta-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
