"""Draw the seeded, portal-stratified sample of raw articles for the chrome gold set."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from drawing import write_draw

SEED = 20261125
HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
OUT = HERE / "chrome_draw.json"

# (file, stratum, number to draw, source_file filter or None). A stratum is a portal; the three posmetro
# domains share one. The last row tops detik up from its old export (berita_detik.csv), a different page
# template that carries most of detik's measured chrome (ADVERTISEMENT, "Baca juga:", broken dateline,
# embeds, credits) and that the plain portal draw can miss; it excludes articles already drawn. It is
# appended last so the shared random stream of the rows above is unchanged.
OLD_DETIK = "old dataset/berita_detik.csv"
PLAN: list[tuple[str, str, int, str | None]] = [
    ("indonews-scrapper.jsonl", "detik.com", 8, None),
    ("indonews-scrapper.jsonl", "kompas.com", 8, None),
    ("indonews-scrapper.jsonl", "liputan6.com", 8, None),
    ("indonews-scrapper.jsonl", "tribunnews.com", 8, None),
    ("indonews-scrapper.jsonl", "sindonews.com", 8, None),
    ("indonews-scrapper.jsonl", "kapanlagi.com", 8, None),
    ("indonews-scrapper.jsonl", "okezone.com", 6, None),
    ("indonews-scrapper.jsonl", "tempo.co", 6, None),
    ("indonews-scrapper.jsonl", "republika.co.id", 6, None),
    ("indonews-scrapper.jsonl", "posmetro", 4, None),
    ("indonesian-news-summarization-dataset.jsonl", "detik.com", 4, None),
    ("indonews-scrapper.jsonl", "detik.com", 6, OLD_DETIK),
]


def stratum_of(source: str) -> str:
    """Map a portal domain to its sampling stratum (all posmetro domains are one)."""
    return "posmetro" if source.startswith("posmetro") else source


def load(path: Path) -> list[dict]:
    """Load a JSONL file into a list of records."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def draw(data: Path) -> list[dict]:
    """Return the drawn articles as (file, id, source, split) dicts in a fixed order."""
    rng = random.Random(SEED)
    cache: dict[str, list[dict]] = {}
    out: list[dict] = []
    taken: set[tuple[str, str]] = set()
    for fname, stratum, k, source_file in PLAN:
        if fname not in cache:
            cache[fname] = load(data / "articles" / fname)
        pool = sorted(
            (
                r
                for r in cache[fname]
                if stratum_of(r["source"]) == stratum
                and (r.get("text") or "").strip()
                and (source_file is None or r.get("source_file") == source_file)
                and (fname, r["id"]) not in taken
            ),
            key=lambda r: r["id"],
        )
        picked = sorted(rng.sample(pool, k), key=lambda r: r["id"])
        taken.update((fname, r["id"]) for r in picked)
        for i, rec in enumerate(picked):
            split = "tune" if i % 2 == 0 else "test"
            out.append({"file": fname, "id": rec["id"], "source": rec["source"], "split": split})
    return out


def main() -> None:
    """Parse arguments, draw the sample and write chrome_draw.json."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (holds articles/)")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the draw list")
    args = ap.parse_args()
    rows = draw(args.data)
    print(write_draw(rows, args.out))


if __name__ == "__main__":
    main()
