"""Draw the seeded, portal-stratified sample of 2020-2025 articles for the time-expression gold set.

    python benchmarks/gold/draw_timex.py [--data ../shared/data]

Writes ``timex_draw.json`` (file, id, source, split, dct). The draw is deterministic: the same seed,
plan and data reproduce it byte for byte. Within each stratum the picks alternate tune/test, so every
portal is in both halves; the test half is frozen (never tune rules on it).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from drawing import load, write_draw

SEED = 20261125
HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
OUT = HERE / "timex_draw.json"
YEARS = ("2020", "2021", "2022", "2023", "2024", "2025")

# (file, portal, number to draw). Only articles with an ISO date in 2020-2025 and a body of at least
# MIN_CHARS raw characters (tempo.co is left out: its scraped bodies are paywall stubs of 0-400
# characters). Nearly every 2020-2025 article of the shared data is from 2025.
MIN_CHARS = 600
PLAN: list[tuple[str, str, int]] = [
    ("indonews-scrapper.jsonl", "detik.com", 6),
    ("indonesian-news-summarization-dataset.jsonl", "detik.com", 4),
    ("indonews-scrapper.jsonl", "kompas.com", 6),
    ("indonews-scrapper.jsonl", "liputan6.com", 6),
    ("indonews-scrapper.jsonl", "tribunnews.com", 6),
    ("indonews-scrapper.jsonl", "okezone.com", 4),
    ("indonews-scrapper.jsonl", "sindonews.com", 4),
]



def eligible(rec: dict, source: str) -> bool:
    """Whether a record is in the sampling frame of a stratum."""
    date = rec.get("date") or ""
    return (rec.get("source") == source and date[:4] in YEARS and date[4:5] == "-"
            and len((rec.get("text") or "").strip()) >= MIN_CHARS)


def draw(data: Path) -> list[dict]:
    """Return the drawn articles as (file, id, source, split, dct) dicts in a fixed order."""
    rng = random.Random(SEED)
    cache: dict[str, list[dict]] = {}
    out: list[dict] = []
    for fname, source, k in PLAN:
        if fname not in cache:
            cache[fname] = load(data / "articles" / fname)
        pool = sorted((r for r in cache[fname] if eligible(r, source)), key=lambda r: r["id"])
        picked = sorted(rng.sample(pool, k), key=lambda r: r["id"])
        for i, rec in enumerate(picked):
            out.append({"file": fname, "id": rec["id"], "source": rec["source"],
                        "split": "tune" if i % 2 == 0 else "test", "dct": rec["date"]})
    return out


def main() -> None:
    """Parse arguments, draw the sample and write timex_draw.json."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (holds articles/)")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the draw list")
    args = ap.parse_args()
    rows = draw(args.data)
    print(write_draw(rows, args.out))


if __name__ == "__main__":
    main()
