"""Draw the seeded, portal-stratified sample of entity-rich articles for the entity-linking gold set.

    python benchmarks/gold/draw_link.py [--data ../shared/data]

Writes ``link_draw.json`` (file, id, source, split). The draw is deterministic: the same seed, plan and
data reproduce it byte for byte. The sampling frame is mechanical (see ``eligible``): a raw body of
MIN_CHARS..MAX_CHARS characters that names at least MIN_COUNTRIES distinct countries from COUNTRIES and
holds at least one political keyword from POLITICAL, so that countries, capitals, officials and roles are
well represented. Articles already in the chrome gold set (``chrome.jsonl``) are skipped. Within each
portal the picks (sorted by id) alternate tune/test, so every portal is in both halves; the test half is
frozen (never tune rules on it).
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from drawing import load, write_draw

SEED = 20261126
HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
OUT = HERE / "link_draw.json"
CHROME_GOLD = HERE / "chrome.jsonl"

MIN_CHARS = 1200
MAX_CHARS = 3500
MIN_COUNTRIES = 2

# Fixed list of country names (Indonesian spellings and common short forms). "AS" is left out of the
# frame test because it is ambiguous (it is still annotated in the gold where it means the country).
COUNTRIES = (
    "Indonesia", "Malaysia", "Singapura", "Thailand", "Filipina", "Vietnam", "Myanmar", "Kamboja", "Laos",
    "Brunei", "Timor Leste", "Australia", "Selandia Baru", "Jepang", "China", "Tiongkok", "Korea Selatan",
    "Korea Utara", "Korsel", "Korut", "India", "Pakistan", "Bangladesh", "Afghanistan", "Iran", "Irak",
    "Suriah", "Arab Saudi", "Israel", "Palestina", "Mesir", "Turki", "Yordania", "Lebanon", "Qatar",
    "Uni Emirat Arab", "Yaman", "Rusia", "Ukraina", "Amerika Serikat", "Amerika", "Kanada", "Meksiko",
    "Brasil", "Argentina", "Inggris", "Prancis", "Perancis", "Jerman", "Italia", "Spanyol", "Belanda",
    "Belgia", "Swiss", "Swedia", "Norwegia", "Polandia", "Yunani", "Afrika Selatan", "Nigeria",
)
POLITICAL = (
    "presiden", "menteri", "pemerintah", "dpr", "partai", "polisi", "polri", "tni", "gubernur", "kpk",
    "jaksa", "pengadilan", "militer", "diplomat", "duta besar", "pbb", "asean", "pemilu", "parlemen",
)
COUNTRY_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, COUNTRIES), key=len, reverse=True)) + r")\b")
POLITICAL_RE = re.compile(r"\b(" + "|".join(map(re.escape, POLITICAL)) + r")\b", re.IGNORECASE)

# (file, portal, number to draw). Ten portals, 44 articles.
PLAN: list[tuple[str, str, int]] = [
    ("indonews-scrapper.jsonl", "detik.com", 6),
    ("indonews-scrapper.jsonl", "liputan6.com", 6),
    ("indonews-scrapper.jsonl", "kompas.com", 4),
    ("indonews-scrapper.jsonl", "tribunnews.com", 4),
    ("indonews-scrapper.jsonl", "okezone.com", 4),
    ("indonews-scrapper.jsonl", "sindonews.com", 4),
    ("indosum.jsonl", "cnnindonesia.com", 6),
    ("indosum.jsonl", "antaranews.com", 4),
    ("indosum.jsonl", "merdeka.com", 4),
    ("indosum.jsonl", "kumparan.com", 2),
]



def chrome_ids(path: Path = CHROME_GOLD) -> set[tuple[str, str]]:
    """(file, id) pairs already used by the chrome gold set."""
    if not path.exists():
        return set()
    return {(r["file"], r["id"]) for r in load(path)}


def eligible(rec: dict, source: str) -> bool:
    """Whether a record is in the sampling frame of a portal (the mechanical entity-richness filter)."""
    text = rec.get("text") or ""
    if rec.get("source") != source or not MIN_CHARS <= len(text) <= MAX_CHARS:
        return False
    countries = set(COUNTRY_RE.findall(text))
    return len(countries) >= MIN_COUNTRIES and POLITICAL_RE.search(text) is not None


def draw(data: Path) -> list[dict]:
    """Return the drawn articles as (file, id, source, split) dicts in a fixed order."""
    rng = random.Random(SEED)
    skip = chrome_ids()
    cache: dict[str, list[dict]] = {}
    out: list[dict] = []
    for fname, source, k in PLAN:
        if fname not in cache:
            cache[fname] = load(data / "articles" / fname)
        pool = sorted(
            (r for r in cache[fname] if (fname, r["id"]) not in skip and eligible(r, source)),
            key=lambda r: r["id"],
        )
        picked = sorted(rng.sample(pool, k), key=lambda r: r["id"])
        for i, rec in enumerate(picked):
            out.append({"file": fname, "id": rec["id"], "source": rec["source"],
                        "split": "tune" if i % 2 == 0 else "test"})
    return out


def main() -> None:
    """Parse arguments, draw the sample and write link_draw.json."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (holds articles/)")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the draw list")
    ap.add_argument("--pool", action="store_true", help="only print the sampling-frame size per portal")
    args = ap.parse_args()
    if args.pool:
        skip = chrome_ids()
        for fname, source, _ in PLAN:
            recs = load(args.data / "articles" / fname)
            n = sum(1 for r in recs if (fname, r["id"]) not in skip and eligible(r, source))
            print(f"{fname:28s} {source:18s} {n}")
        return
    rows = draw(args.data)
    print(write_draw(rows, args.out))


if __name__ == "__main__":
    main()
