"""Quotes-stage benchmark: our gold, PFSA-ID, and articles/s of the stage on one core.

    python benchmarks/quotes.py [--data ../shared/data] [--articles 1000] [--splits tune,test]

Scores: our gold (benchmarks/gold/quotes.jsonl; quote precision/recall with one-to-one matching on
at least half of the shorter quote, speaker accuracy overall and on pronoun/role speakers) per
split, and PFSA-ID ``dev-40`` and ``med-dev-dl-20-v2`` (direct quotes against STATEMENT spans, cues,
speaker mentions, and speaker accuracy against the conversion's silver speaker; see
``warta eval quotes``). Speed: the quotes stage alone over shared articles that went through the
stages before it. Writes benchmarks/out/quotes.json and prints one summary line.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, analysed_articles, data_dir, write_result  # noqa: E402

from warta.evaluation import quotes as quotes_eval  # noqa: E402
from warta.stages import quotes  # noqa: E402

GOLD = REPO / "benchmarks" / "gold" / "quotes.jsonl"
PFSA = ("dev-40", "med-dev-dl-20-v2")


def speed(data: Path, n: int) -> dict:
    """Articles/s of the quotes stage alone (per CPU second and wall)."""
    docs = analysed_articles(data, "clean,meta,segment,entities,link", n)
    quotes.run(docs[0])  # load the resources
    cpu, wall = time.process_time(), time.perf_counter()
    found = sum(len(quotes.run(doc).quotes) for doc in docs)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"articles": len(docs), "quotes": found,
            "mean_chars": round(sum(len(d.text) for d in docs) / max(1, len(docs))),
            "articles_per_cpu_s": round(len(docs) / cpu, 1),
            "articles_per_s_wall": round(len(docs) / wall, 1)}


def main() -> None:
    """Run the benchmark and print a summary line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--splits", default="tune,test", help="gold splits to score (default: tune,test)")
    args = ap.parse_args()
    data = data_dir(args.data)
    os.environ.setdefault("WARTA_DATA", str(data))
    splits = tuple(s for s in args.splits.split(",") if s)
    own = quotes_eval.evaluate_gold(GOLD, splits=splits)
    pfsa = {}
    for name in PFSA:
        scores = quotes_eval.evaluate_pfsa(data / "quotes" / "pfsa-id" / f"{name}.jsonl")
        pfsa[name] = scores
    result = {"own_gold": own, "pfsa": pfsa, "speed": speed(data, args.articles)}
    path = write_result("quotes", result)
    for split, s in own.items():
        print(f"own gold {split:5} P {s['quotes']['precision']:.3f} R {s['quotes']['recall']:.3f}  "
              f"speaker {s['speaker_accuracy']:.3f}  pronoun/role {s['speaker_accuracy_pronoun_role']:.3f}  "
              f"({s['quotes']['gold']} gold quotes)")
    for name, s in pfsa.items():
        st = s["statement"]
        print(f"PFSA {name:16} statement F1 overlap {st['overlap']['f1']:.3f} exact {st['exact']['f1']:.3f} "
              f"token {st['token']['f1']:.3f}  cue F1 {s['cue']['overlap']['f1']:.3f}  "
              f"speaker span F1 {s['speaker']['overlap']['f1']:.3f}  "
              f"speaker acc {s['speaker_accuracy']['accuracy']:.3f} (n={s['speaker_accuracy']['n']})")
    last = own.get("test") or next(iter(own.values()))
    print(f"quotes: {'test' if 'test' in own else 'tune'} P {last['quotes']['precision']:.3f} "
          f"R {last['quotes']['recall']:.3f} speaker {last['speaker_accuracy']:.3f}; PFSA statement F1 "
          + " / ".join(f"{s['statement']['overlap']['f1']:.3f}" for s in pfsa.values())
          + f"; {result['speed']['articles_per_cpu_s']} articles per CPU-s -> {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
