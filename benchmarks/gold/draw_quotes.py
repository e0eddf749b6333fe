"""Draw the seeded, portal-stratified sample of articles for the quote and reporting-source gold set.

    python benchmarks/gold/draw_quotes.py [--data ../shared/data]

Writes ``quotes_draw.json`` (file, id, source, split, stratum, round). The draw is deterministic: the same
seed, plan and data reproduce it byte for byte.

Sampling frame of a portal: records of that portal whose raw ``text`` (stripped) has 1,000-5,000
characters, minus the ids already used by the chrome gold (``chrome.jsonl``) and by the link gold
(``link_draw.json``, when it exists). Within a portal about half of the picks come from the ``src``
stratum (the body matches the reporting-source regex ``SOURCE_CUE``), the rest from the ``quote``
stratum (any remaining article with at least one quotation mark or cue verb, ``QUOTE_CUE``). The
filters are mechanical: nobody looked at the articles before the draw. Picks are listed ``src`` first,
then ``quote``, each sorted by id, and alternate tune/test along that list, so every portal and every
stratum is in both halves. The test half is frozen: never tune rules on it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from drawing import write_draw

SEED = 20261127
HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
OUT = HERE / "quotes_draw.json"
MIN_CHARS, MAX_CHARS = 1000, 5000

SOURCE_CUE = re.compile(
    r"dilansir|dikutip(?: dari)?|mengutip|menurut laporan|kantor berita|seperti dilaporkan", re.IGNORECASE
)
QUOTE_CUE = re.compile(
    r"[\"“”„«»]|\b(?:kata|ujar|ucap|tutur|jelas|ungkap|tegas|sebut|klaim|imbuh|tambah|terang|papar|cetus)(?:nya)?\b"
    r"|\bmenurut\b",
    re.IGNORECASE,
)

# (file, portal, total to draw, of which from the ``src`` stratum).
PLAN: list[tuple[str, str, int, int]] = [
    ("indonews-scrapper.jsonl", "detik.com", 4, 2),
    ("indonews-scrapper.jsonl", "kompas.com", 4, 2),
    ("indonews-scrapper.jsonl", "liputan6.com", 6, 3),
    ("indonews-scrapper.jsonl", "okezone.com", 4, 2),
    ("indonews-scrapper.jsonl", "tribunnews.com", 4, 2),
    ("indonews-scrapper.jsonl", "sindonews.com", 4, 2),
    ("indosum.jsonl", "cnnindonesia.com", 6, 3),
    ("indosum.jsonl", "antaranews.com", 4, 2),
    ("indosum.jsonl", "merdeka.com", 4, 2),
    ("indosum.jsonl", "kumparan.com", 4, 2),
]

# Top-up round, drawn after PLAN from the same random stream (so the PLAN picks are unchanged): the 44
# articles of PLAN held about 195 quotes and 34 source links, short of the targets (>= 240 and >= 36,
# >= 100 quotes and >= 15 links per split). Same frame and strata; ids drawn in PLAN are excluded.
TOPUP: list[tuple[str, str, int, int]] = [
    ("indonews-scrapper.jsonl", "detik.com", 2, 1),
    ("indonews-scrapper.jsonl", "liputan6.com", 2, 1),
    ("indonews-scrapper.jsonl", "okezone.com", 2, 1),
    ("indosum.jsonl", "cnnindonesia.com", 2, 1),
    ("indosum.jsonl", "merdeka.com", 2, 1),
]


def load(path: Path) -> list[dict]:
    """Load a JSONL file into a list of records."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def chrome_ids() -> set[str]:
    """Ids of the chrome gold set (``chrome.jsonl``): left out of the sampling frame."""
    chrome = HERE / "chrome.jsonl"
    if not chrome.exists():
        return set()
    lines = chrome.read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["id"] for line in lines if line.strip()}


def link_ids() -> set[str]:
    """Ids of the link gold set (``link_draw.json``, when it exists): rejected when drawn."""
    link = HERE / "link_draw.json"
    if not link.exists():
        return set()
    data = json.loads(link.read_text(encoding="utf-8"))
    rows = data if isinstance(data, list) else data.get("articles", [])
    return {r["id"] for r in rows if isinstance(r, dict) and "id" in r}


def sample(rng: random.Random, pool: list[dict], k: int, reject: set[str]) -> list[dict]:
    """Draw k records of pool; a drawn record whose id is in reject is replaced by a further draw.

    Rejection (rather than removal from the pool) keeps every other pick unchanged when a later gold
    set appears, so the draw is the same whether or not ``link_draw.json`` exists, as long as the two
    sets do not overlap.
    """
    picks = rng.sample(pool, k)
    kept = [r for r in picks if r["id"] not in reject]
    seen = {r["id"] for r in picks}
    while len(kept) < k:
        rest = [r for r in pool if r["id"] not in seen]
        if not rest:
            raise ValueError("sampling frame exhausted")
        more = rng.sample(rest, min(k - len(kept), len(rest)))
        seen |= {r["id"] for r in more}
        kept += [r for r in more if r["id"] not in reject]
    return kept


def in_frame(rec: dict, source: str, skip: set[str]) -> bool:
    """Whether a record is in the sampling frame of a portal."""
    body = (rec.get("text") or "").strip()
    return rec.get("source") == source and rec["id"] not in skip and MIN_CHARS <= len(body) <= MAX_CHARS


def draw(data: Path) -> list[dict]:
    """Return the drawn articles as (file, id, source, split, stratum, round) dicts in a fixed order."""
    rng = random.Random(SEED)
    skip, reject = chrome_ids(), link_ids()
    cache: dict[str, list[dict]] = {}
    out: list[dict] = []
    plan = [(1, *p) for p in PLAN] + [(2, *p) for p in TOPUP]
    for rnd, fname, source, k, k_src in plan:
        if fname not in cache:
            cache[fname] = load(data / "articles" / fname)
        drawn = {r["id"] for r in out}
        frame = sorted((r for r in cache[fname] if in_frame(r, source, skip) and r["id"] not in drawn),
                       key=lambda r: r["id"])
        src_pool = [r for r in frame if SOURCE_CUE.search(r["text"])]
        src = sorted(sample(rng, src_pool, k_src, reject), key=lambda r: r["id"])
        taken = {r["id"] for r in src}
        quote_pool = [r for r in frame if r["id"] not in taken and QUOTE_CUE.search(r["text"])]
        rest = sorted(sample(rng, quote_pool, k - k_src, reject), key=lambda r: r["id"])
        picks = [(r, "src") for r in src] + [(r, "quote") for r in rest]
        for i, (rec, stratum) in enumerate(picks):
            out.append({"file": fname, "id": rec["id"], "source": rec["source"],
                        "split": "tune" if i % 2 == 0 else "test", "stratum": stratum, "round": rnd})
    return out


def main() -> None:
    """Parse arguments, draw the sample and write quotes_draw.json."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (holds articles/)")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the draw list")
    args = ap.parse_args()
    rows = draw(args.data)
    print(write_draw(rows, args.out))


if __name__ == "__main__":
    main()
