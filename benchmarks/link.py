"""Link-stage benchmark: scores on our gold and articles/s of the stage on one core.

    python benchmarks/link.py [--data ../shared/data] [--articles 1000]
    python benchmarks/link.py --errors [gold|predicted]    # tune-half misses only, then exit

Scores (benchmarks/gold/link.jsonl, tune and frozen test halves): mention->canonical accuracy,
B-cubed F1 and country-code accuracy, with gold mentions and with predicted mentions. Speed: the
link stage alone over shared articles whose mentions come from the entities stage.
Writes benchmarks/out/link.json and prints one summary line. ``--errors`` lists, for the tune half
only (the test half is never run), each gold mention whose predicted canonical name differs, as
tab-separated article id, mention, gold canonical, predicted canonical, gold type, predicted type,
followed by the tune scores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, analysed_articles, data_dir, write_result  # noqa: E402

from warta.evaluation import link as link_eval  # noqa: E402
from warta.model import Document  # noqa: E402
from warta.stages import link  # noqa: E402

GOLD = REPO / "benchmarks" / "gold" / "link.jsonl"


def speed(data: Path, n: int) -> dict:
    """Articles/s of the link stage alone (mentions from the entities stage)."""
    docs = analysed_articles(data, "clean,meta,segment,entities", n)
    mentions = sum(len(d.entities) for d in docs)
    link.run(Document.from_json(docs[0].to_json(include_raw=True)))  # load the gazetteer outside the timing
    start = time.process_time()
    for doc in docs:
        link.run(doc)
    seconds = time.process_time() - start
    return {"articles": len(docs), "mentions": mentions, "articles_per_s": round(len(docs) / seconds, 1)}


def print_errors(mode: str) -> None:
    """Print the tune half's canonical misses in one mode, then its tune scores."""
    misses = link_eval.errors(str(GOLD), mode=mode)
    for miss in misses:
        print("\t".join(str(miss[k]) for k in ("id", "text", "gold", "predicted", "type", "predicted_type")))
    s = link_eval.evaluate(str(GOLD), splits={"tune"}, predicted=mode == "predicted_mentions")[mode]["tune"]
    print(f"{len(misses)} tune misses ({mode}); tune canonical {s['canonical_accuracy']:.3f} "
          f"(strict {s['canonical_accuracy_strict']:.3f})  B3 F1 {s['bcubed']['f1']:.3f}  "
          f"country {s['country_accuracy']:.3f}")


def main() -> None:
    """Run the benchmark and print a summary line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--errors", nargs="?", const="gold", choices=["gold", "predicted"],
                    help="list the tune half's canonical misses (gold or predicted mentions) and exit")
    args = ap.parse_args()
    data = data_dir(args.data)
    os.environ.setdefault("WARTA_DATA", str(data))
    if args.errors:
        print_errors(f"{args.errors}_mentions")
        return
    scores = link_eval.evaluate(str(GOLD))
    result = {"scores": scores, "speed": speed(data, args.articles)}
    path = write_result("link", result)
    for mode, splits in scores.items():
        for split, s in splits.items():
            print(f"{mode:19} {split:5} canonical {s['canonical_accuracy']:.3f} "
                  f"(strict {s['canonical_accuracy_strict']:.3f})  "
                  f"B3 F1 {s['bcubed']['f1']:.3f}  "
                  f"country {s['country_accuracy']:.3f} ({s['country_entities']})"
                  + (f"  mention recall {s['mention_recall']:.3f}" if "mention_recall" in s else ""))
    test = scores["gold_mentions"]["test"]
    print(f"link: frozen test with gold mentions canonical {test['canonical_accuracy']:.3f} "
          f"(strict {test['canonical_accuracy_strict']:.3f}), "
          f"B3 F1 {test['bcubed']['f1']:.3f}, country {test['country_accuracy']:.3f}; "
          f"{result['speed']['articles_per_s']} articles/s -> {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
