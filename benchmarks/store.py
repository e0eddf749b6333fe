"""Store benchmark on both backends: Document-JSONL ingest rate and search latency.

    python benchmarks/store.py [--backends sqlite,postgresql] [--ingest 20000] [--corpus 100000]
                               [--pg-url postgresql://…] [--repeat 5] [--workdir /tmp/warta-bench]

1. Ingest: ``--ingest`` synthetic analysed Documents (sentences, tokens, entities, quotes) are
   written as Document JSONL and stored with ``warta.ingest.ingest`` (the ``warta ingest`` code
   path: read, parse, store in batches of 200 in transactions). Reports articles/s (wall clock),
   also per CPU second of this process (and of this process plus the PostgreSQL server process, when
   the server runs on this machine), and the load average (the machine may be shared).
   Goal: >= 500 articles/s.
2. Search: a store of ``--corpus`` generated articles (Zipf-distributed words, planted phrases,
   entities, two years of dates, ten portals; no token spans, so the corpus builds faster) and a
   fixed set of 20 queries: 5 single words and 5 phrases (each in 1-20 % of the articles), each
   also with a date range plus an entity filter, top 20 hits with totals and snippets. Each query
   runs ``--repeat`` times after one warm-up; reports p50/p95 ms over all timings. Goal: p95 <= 50
   ms. A stress query outside the 20 (a word in about 40 % of the articles) is reported apart.

PostgreSQL comes from ``--pg-url``, ``$WARTA_TEST_PG_URL`` or the PG* variables; without one, only
SQLite runs. The search corpus is kept (``--workdir``/corpus-N.db, schema bench_corpus_N) so a rerun
measures again without rebuilding; ``--drop-corpus`` removes it, ``--phases build`` only builds it.
Every article is generated here (no third-party text). Writes benchmarks/out/store.json.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_result  # noqa: E402

from warta.ingest import ingest  # noqa: E402
from warta.model import Document, Span  # noqa: E402
from warta.store import Filters, Store, open_store  # noqa: E402
from warta.store.base import Provenance, PutItem  # noqa: E402

SEED = 20261125
COMMON = tuple(" ".join([
    "pemerintah warga kota desa pasar harga beras minyak jalan tol banjir hujan sekolah rumah sakit",
    "polisi tersangka kasus korupsi pengadilan hakim jaksa partai pemilu calon presiden menteri",
    "gubernur bupati wali anggaran dana bantuan sosial petani nelayan ekonomi inflasi bank rupiah",
    "dolar ekspor impor pelabuhan kapal bandara pesawat kereta stasiun listrik air gempa bumi",
    "longsor korban pengungsi relawan kesehatan vaksin dokter pasien obat mahasiswa guru siswa ujian",
    "kampus teknologi internet data digital pajak investasi pabrik buruh upah lahan hutan kebakaran",
    "asap sungai laut pantai wisata hotel festival budaya olahraga sepak bola pertandingan pemain",
    "pelatih stadion juara turnamen",
]).split())
SYLLABLES = tuple(" ".join([
    "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu",
    "pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu ja ju ga gu ha wa ya ng",
]).split())
PHRASES = ["harga beras", "jalan tol", "banjir bandang", "komisi pemberantasan korupsi", "bank indonesia",
           "bantuan sosial tunai", "gempa bumi", "pemilihan kepala daerah"]
PORTALS = [f"portal{i}.id" for i in range(10)]
WORDS = ["pemerintah", "korupsi", "vaksin", "turnamen", "pelabuhan"]
"""Single-word queries (each in 10-20 % of the articles)."""
FREQUENT_RANK = 60
"""Rank of the generated word (in about 40 % of the articles) of the extra stress query."""
QUERY_PHRASES = ['"harga beras"', '"jalan tol"', '"komisi pemberantasan korupsi"', '"gempa bumi"',
                 '"bantuan sosial tunai"']


def vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    """Words in Zipf rank order: 200 frequent made-up words, the common news words, then a long tail."""
    words: list[str] = []
    seen = set(COMMON)
    while len(words) < size - len(COMMON):
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words[:200] + list(COMMON) + words[200:]


class Generator:
    """Deterministic synthetic articles."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.vocab = vocabulary(self.rng)
        weights = [1 / (r + 1) for r in range(len(self.vocab))]
        self.cum = list(_accumulate(weights))
        self.people = [f"{self._name()} {self._name()}" for _ in range(300)]
        self.orgs = [f"Badan {self._name()}" for _ in range(100)]
        self.places = [self._name() for _ in range(200)]

    def _name(self) -> str:
        """A capitalised made-up name."""
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))).title()

    def _words(self, n: int) -> list[str]:
        """Zipf-distributed words."""
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def _pick(self, items: list[str]) -> str:
        """A Zipf-ish choice (the first items are far more frequent)."""
        return items[min(int(self.rng.paretovariate(1.2)) - 1, len(items) - 1)]

    def doc(self, i: int, *, tokens: bool) -> Document:
        """One analysed Document (with token spans when ``tokens``)."""
        rng = self.rng
        person, org, place = self._pick(self.people), self._pick(self.orgs), self._pick(self.places)
        sents = []
        for _ in range(rng.randint(12, 28)):
            words = self._words(rng.randint(8, 22))
            if rng.random() < 0.03:
                words.insert(rng.randint(0, len(words)), rng.choice(PHRASES))
            if rng.random() < 0.3:
                words.insert(rng.randint(0, len(words)), rng.choice([person, org, place]))
            sentence = " ".join(words)
            sents.append(sentence[:1].upper() + sentence[1:] + ".")
        text = f"{place.upper()} - " + " ".join(sents)
        day = 1 + (i * 7919) % 730
        stamp = time.gmtime(1672531200 + day * 86400 + i % 86400)
        published = time.strftime("%Y-%m-%dT%H:%M:00+07:00", stamp)
        portal = PORTALS[i % len(PORTALS)]
        doc = Document(id=f"gen-{i}", source=portal, url=f"https://{portal}/b/{i}",
                       title=" ".join(self._words(rng.randint(4, 9))).capitalize(), published=published,
                       published_from="metadata", text=text, language="id")
        doc.sentences, pos = [], 0
        for s in sents:
            start = text.index(s, pos)
            doc.sentences.append(Span(start, start + len(s), s))
            pos = start + len(s)
        if tokens:
            doc.tokens = [Span(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+|[^\w\s]", text)]
        for name, label in ((person, "PER"), (org, "ORG"), (place, "LOC")):
            for m in re.finditer(re.escape(name), text):
                doc.entities.append({"start": m.start(), "end": m.end(), "text": name, "label": label,
                                     "confidence": 0.9})
        if rng.random() < 0.5:
            said = sents[-1]
            at = text.rindex(said)
            doc.quotes.append({"speaker": person, "text": said, "start": at, "end": at + len(said)})
        return doc


def _accumulate(values: list[float]) -> Iterator[float]:
    """Running sums."""
    total = 0.0
    for v in values:
        total += v
        yield total


def pg_url(explicit: str | None) -> str | None:
    """The PostgreSQL server URL, or None."""
    if explicit or os.environ.get("WARTA_TEST_PG_URL"):
        return explicit or os.environ["WARTA_TEST_PG_URL"]
    if any(os.environ.get(v) for v in ("PGHOST", "PGPORT", "PGDATABASE")):
        return "postgresql://"
    return None


class Backend:
    """Store locations of one backend: fresh ones per run, and a corpus kept between runs."""

    def __init__(self, kind: str, workdir: Path, base: str | None) -> None:
        self.kind, self.workdir, self.base = kind, workdir, base
        self.schemas: list[str] = []

    def _pg(self, sql: str) -> None:
        """Run one statement on the PostgreSQL server."""
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as conn:
            conn.execute(sql)

    def _schema_url(self, schema: str) -> str:
        """The URL of a store in a PostgreSQL schema."""
        sep = "&" if "?" in self.base else "?"
        return f"{self.base}{sep}options=-csearch_path%3D{schema}"

    def fresh(self, name: str) -> str:
        """A URL of an empty store, removed by ``cleanup``."""
        if self.kind == "sqlite":
            path = self.workdir / f"{name}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
        self._pg(f"CREATE SCHEMA {schema}")
        self.schemas.append(schema)
        return self._schema_url(schema)

    def corpus(self, n: int) -> str:
        """The URL of the search corpus of ``n`` articles (kept between runs until --drop-corpus)."""
        if self.kind == "sqlite":
            return f"sqlite:///{self.workdir / f'corpus-{n}.db'}"
        self._pg(f"CREATE SCHEMA IF NOT EXISTS bench_corpus_{n}")
        return self._schema_url(f"bench_corpus_{n}")

    def drop_corpus(self, n: int) -> None:
        """Remove the kept corpus."""
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.workdir / f'corpus-{n}.db'}{suffix}").unlink(missing_ok=True)
        else:
            self._pg(f"DROP SCHEMA IF EXISTS bench_corpus_{n} CASCADE")

    def cleanup(self) -> None:
        """Drop the fresh stores of this run."""
        for schema in self.schemas:
            self._pg(f"DROP SCHEMA {schema} CASCADE")
        self.schemas = []


def server_cpu(store: Store) -> float | None:
    """CPU seconds used so far by the store's PostgreSQL server process, when it runs on this machine."""
    pid = getattr(getattr(store, "conn", None), "info", None)
    stat = Path(f"/proc/{pid.backend_pid}/stat") if pid is not None else None
    if stat is None or not stat.is_file():
        return None
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_ingest(backend: Backend, jsonl: Path, n: int) -> dict:
    """Ingest the Document JSONL file into a fresh store; articles/s (and per CPU-second)."""
    url = backend.fresh("ingest")
    with open_store(url) as store:
        server = server_cpu(store)
        start, cpu = time.perf_counter(), time.process_time()
        counts = ingest([str(jsonl)], store)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        server = server_cpu(store) - server if server is not None else None
    if counts.stored != n:
        raise SystemExit(f"ingest stored {counts.stored} of {n}")
    result = {"articles": n, "seconds": round(seconds, 2), "articles_per_s": round(n / seconds, 1),
              "client_cpu_s": round(cpu, 2), "articles_per_client_cpu_s": round(n / cpu, 1),
              "load_avg_1m": round(os.getloadavg()[0], 2)}
    if server is not None:
        result.update(server_cpu_s=round(server, 2),
                      articles_per_cpu_s_client_and_server=round(n / (cpu + server), 1))
    return result


def build_corpus(store: Store, n: int) -> float | None:
    """Store ``n`` generated articles (no token spans) in batches; seconds, or None when already built."""
    have = store.stats().articles
    if have == n:
        store.optimize()
        return None
    if have:
        raise SystemExit(f"the kept corpus holds {have} articles, not {n}; rerun with --drop-corpus")
    gen = Generator(SEED + 1)
    prov = Provenance("bench", {}, "bench")
    start = time.perf_counter()
    for lo in range(0, n, 1000):
        store.put_many([PutItem(gen.doc(i, tokens=False), prov) for i in range(lo, min(n, lo + 1000))])
    store.optimize()
    return time.perf_counter() - start


def queries(store: Store) -> list[tuple[str, Filters | None]]:
    """The 20 fixed queries: 5 words and 5 phrases, each plain and with a date range plus an entity."""
    top = store.entities(label="PER", limit=3).items
    entity = top[2].key if len(top) > 2 else (top[0].key if top else None)
    plain = [*WORDS, *QUERY_PHRASES]
    filtered = Filters(date_from="2023-04-01", date_to="2023-09-30", entity=entity)
    return [(q, None) for q in plain] + [(q, filtered) for q in plain]


def _timed(store: Store, query: str, flt: Filters | None,
           repeat: int) -> tuple[list[float], list[float], int]:
    """Milliseconds (wall and CPU of this process) of ``repeat`` runs after a warm-up, and the hit total."""
    store.search(query, flt, limit=20)
    runs, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        page = store.search(query, flt, limit=20)
        runs.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    return runs, cpus, page.total


def _p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank below) of a list."""
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95) - 1)]


def bench_search(store: Store, repeat: int) -> dict:
    """p50/p95 latency of the 20 queries (top 20, with totals and snippets), and the stress query.

    Besides wall-clock times: CPU milliseconds of this process per search (p50/p95) and, when the
    PostgreSQL server runs on this machine, its mean CPU milliseconds per search (the server counts
    CPU in clock ticks, too coarse for percentiles).
    """
    timings: list[float] = []
    cpu_timings: list[float] = []
    per_query = []
    server = server_cpu(store)
    for query, flt in queries(store):
        runs, cpus, total = _timed(store, query, flt, repeat)
        timings.extend(runs)
        cpu_timings.extend(cpus)
        per_query.append({"query": query, "filtered": flt is not None, "total": total,
                          "median_ms": round(statistics.median(runs), 2),
                          "median_cpu_ms": round(statistics.median(cpus), 2)})
    server = server_cpu(store) - server if server is not None else None
    frequent = Generator(SEED + 1).vocab[FREQUENT_RANK]
    stress = []
    for flt in (None, queries(store)[-1][1]):
        runs, cpus, total = _timed(store, frequent, flt, repeat)
        stress.append({"query": frequent, "filtered": flt is not None, "total": total,
                       "median_ms": round(statistics.median(runs), 2),
                       "median_cpu_ms": round(statistics.median(cpus), 2)})
    result = {"queries": len(per_query), "timings": len(timings),
              "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(_p95(timings), 2),
              "max_ms": round(max(timings), 2), "client_cpu_p50_ms": round(statistics.median(cpu_timings), 2),
              "client_cpu_p95_ms": round(_p95(cpu_timings), 2), "load_avg_1m": round(os.getloadavg()[0], 2),
              "per_query": per_query, "stress_frequent_word": stress}
    if server is not None:
        result["server_cpu_mean_ms"] = round(server * 1000 / len(timings), 2)
    return result


def main() -> None:
    """Run the benchmark and print one summary line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--phases", default="ingest,search", help="ingest, search, or build (corpus only)")
    ap.add_argument("--ingest", type=int, default=20000)
    ap.add_argument("--corpus", type=int, default=100000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pg-url")
    ap.add_argument("--workdir", default="/tmp/warta-store-bench")
    ap.add_argument("--drop-corpus", action="store_true", help="remove the search corpus afterwards")
    args = ap.parse_args()
    phases = set(args.phases.split(","))
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    jsonl = workdir / "docs.jsonl"
    if "ingest" in phases:
        gen = Generator()
        with jsonl.open("w", encoding="utf-8") as fh:
            for i in range(args.ingest):
                fh.write(gen.doc(i, tokens=True).dumps() + "\n")
    result: dict = {"ingest_articles": args.ingest, "corpus_articles": args.corpus, "backends": {}}
    if "ingest" in phases:
        result["jsonl_mb"] = round(jsonl.stat().st_size / 1e6, 1)
    base = pg_url(args.pg_url)
    summary = []
    for kind in args.backends.split(","):
        if kind == "postgresql" and base is None:
            print("store: no PostgreSQL (set --pg-url or PG* variables); skipping it", file=sys.stderr)
            continue
        backend = Backend(kind, workdir, base)
        res: dict = {}
        try:
            if "ingest" in phases:
                res["ingest"] = bench_ingest(backend, jsonl, args.ingest)
                backend.cleanup()  # so that the server's background work on it does not slow the search
            if phases & {"search", "build"}:
                with open_store(backend.corpus(args.corpus)) as store:
                    built = build_corpus(store, args.corpus)
                    res["corpus_build_s"] = round(built, 1) if built is not None else "kept"
                    if "search" in phases:
                        res["search"] = bench_search(store, args.repeat)
            if args.drop_corpus:
                backend.drop_corpus(args.corpus)
        finally:
            backend.cleanup()
        result["backends"][kind] = res
        parts = [kind + ":"]
        if "ingest" in res:
            ing = res["ingest"]
            per_cpu = ing.get("articles_per_cpu_s_client_and_server", ing["articles_per_client_cpu_s"])
            parts.append(f"ingest {ing['articles_per_s']:.0f}/s ({per_cpu:.0f} per CPU-s)")
        if "search" in res:
            found = res["search"]
            server = (f" + server {found['server_cpu_mean_ms']:.1f} ms mean" if "server_cpu_mean_ms" in found
                      else "")
            parts.append(f"search p50 {found['p50_ms']:.1f} ms p95 {found['p95_ms']:.1f} ms "
                         f"(CPU p95 {found['client_cpu_p95_ms']:.1f} ms{server})")
        summary.append(" ".join(parts))
    jsonl.unlink(missing_ok=True)
    if phases == {"build"}:
        print(f"store: corpus of {args.corpus} built or kept: " + "; ".join(summary))
        return
    path = write_result("store", result)
    print(f"store ({args.corpus} articles): " + "; ".join(summary) + f" -> {path}")


if __name__ == "__main__":
    main()
