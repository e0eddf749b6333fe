"""``warta eval link GOLD.jsonl``: entity linking against our gold (benchmarks/gold/link.jsonl).

Gold records hold raw-text offsets of the shared articles, read from ``$WARTA_DATA`` (else the
``shared/data`` folder beside the repository). Scores per split, with gold mentions (the link
stage alone) and, when the entities stage is available, with predicted mentions:
mention->canonical accuracy, B-cubed precision/recall/F1 and country-code accuracy for gold
entities that are countries or capitals.

Canonical names are compared as the gold README says: case- and diacritic-insensitive (and
blind to the spaces IndoSum puts around hyphens, "Oxlade - Chamberlain"), with an alias list
accepted: two names of one gazetteer entity are equal (a country's spellings "Etiopia"/"Ethiopia",
"Ceko"/"Rep Ceska"; an organisation and its listed acronym, "PBB"/"Perserikatan Bangsa-Bangsa").
``canonical_accuracy_strict`` counts the folded comparison alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from warta import gazetteer as gz
from warta.errors import ConfigError
from warta.evaluation._shared import articles, clean_span, data_dir, gold_article, gold_records
from warta.model import Document
from warta.pipeline import STAGE_NAMES, Pipeline
from warta.readers import document_from_record
from warta.stages import link

_GOLD_LABEL = {"GPE": "LOC"}
_SPACED_HYPHEN = re.compile(r"\s*-\s*")


def _fold(text: str | None) -> str:
    """Case-, diacritic- and hyphen-spacing-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", text or "")
    text = " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).casefold().split())
    return _SPACED_HYPHEN.sub("-", text)


def _gazetteer_entity(name: str) -> str | None:
    """The gazetteer entity a name is listed for: a country code or an organisation's name."""
    place = gz.places().get(name)
    if place is not None and place.kind == "country":
        return f"GPE:{place.country}"
    org = gz.organisations().get(name)
    if org is None and place is not None and place.kind == "igo":
        org = gz.organisations().get(gz.key(place.canonical))
    return f"ORG:{org.canonical}" if org is not None else None


def same_name(predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted canonical name counts as the gold one (folded equal, or aliases of one
    gazetteer entity)."""
    a, b = _fold(predicted), _fold(gold)
    if a == b:
        return True
    entity = _gazetteer_entity(a)
    return entity is not None and entity == _gazetteer_entity(b)


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Gold records of a JSONL file."""
    return gold_records(path)


def _bcubed(gold: dict[Any, str], pred: dict[Any, str]) -> tuple[float, float]:
    """B-cubed precision and recall over the gold mentions (unmatched ones are singletons)."""
    gold_sets: dict[str, set] = defaultdict(set)
    pred_sets: dict[str, set] = defaultdict(set)
    for m, c in gold.items():
        gold_sets[c].add(m)
        pred_sets[pred.get(m, f"single:{m}")].add(m)
    precision = recall = 0.0
    for m in gold:
        g, p = gold_sets[gold[m]], pred_sets[pred.get(m, f"single:{m}")]
        overlap = len(g & p)
        precision += overlap / len(p)
        recall += overlap / len(g)
    n = max(1, len(gold))
    return precision / n, recall / n


def _score(rows: list[tuple[dict, Document]], *, predicted: bool) -> dict[str, Any]:
    """Scores of one split in one mode."""
    correct = strict = total = matched = 0
    gold_cluster: dict[Any, str] = {}
    pred_cluster: dict[Any, str] = {}
    country_ok = country_n = 0
    for gold, doc in rows:
        by_span = {(m["start"], m["end"]): m for m in doc.entities}
        for entity in gold["entities"]:
            votes: Counter[str | None] = Counter()
            for start, end in entity["mentions"]:
                span = clean_span(doc, start, end)
                if span is None:
                    continue
                mid = (gold["id"], span)
                total += 1
                gold_cluster[mid] = f"{gold['id']}:{entity['cluster']}"
                mention = by_span.get(span)
                if mention is None:
                    continue
                matched += 1
                pred_cluster[mid] = f"{gold['id']}:{mention.get('cluster')}"
                strict += _fold(mention.get("canonical")) == _fold(entity["canonical"])
                correct += same_name(mention.get("canonical"), entity["canonical"])
                votes[mention.get("country")] += 1
            if entity["kind"] in {"country", "capital"}:
                country_n += 1
                country_ok += bool(votes) and votes.most_common(1)[0][0] == entity["country"]
    p, r = _bcubed(gold_cluster, pred_cluster)
    out = {
        "mentions": total,
        "canonical_accuracy": round(correct / max(1, total), 4),
        "canonical_accuracy_strict": round(strict / max(1, total), 4),
        "bcubed": {"precision": round(p, 4), "recall": round(r, 4),
                   "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0},
        "country_accuracy": round(country_ok / max(1, country_n), 4),
        "country_entities": country_n,
    }
    if predicted:
        out["mention_recall"] = round(matched / max(1, total), 4)
    return out


def _linked(path: str, *, splits: set[str] | None,
            predicted: bool = True) -> dict[str, dict[str, list[tuple[dict, Document]]]]:
    """(gold record, linked Document) per mode and split; ``splits`` limits which halves are run,
    ``predicted`` whether the entities stage runs too."""
    gold_path = Path(path)
    golds = [g for g in load_gold(gold_path) if splits is None or g["split"] in splits]
    records = articles(data_dir(gold_path), {(g["file"], g["id"]) for g in golds})
    base = Pipeline("clean,meta,segment")
    with_entities = "entities" in STAGE_NAMES
    ner = Pipeline("entities,link") if with_entities and predicted else None
    modes: dict[str, dict[str, list]] = {"gold_mentions": defaultdict(list),
                                         "predicted_mentions": defaultdict(list)}
    for gold in golds:
        rec = gold_article(records, gold, path)
        doc = base(document_from_record(rec))
        mentions = []
        for entity in gold["entities"]:
            for start, end in entity["mentions"]:
                span = clean_span(doc, start, end)
                if span:
                    label = _GOLD_LABEL.get(entity["type"], entity["type"])
                    mentions.append({"start": span[0], "end": span[1], "text": doc.text[span[0]:span[1]],
                                     "label": label, "confidence": None})
        gold_doc = Document.from_json(doc.to_json(include_raw=True))
        gold_doc.entities = mentions
        modes["gold_mentions"][gold["split"]].append((gold, link.run(gold_doc)))
        if ner is not None:
            modes["predicted_mentions"][gold["split"]].append((gold, ner(doc)))
    return modes


def evaluate(path: str, *, splits: set[str] | None = None, predicted: bool = True) -> dict[str, Any]:
    """Score the link stage on a gold JSONL file, per split and mode.

    Args:
        path: the gold JSONL file.
        splits: the halves to score (all when None).
        predicted: also score with the entities stage's mentions.

    Returns:
        Scores per mode (gold or predicted mentions) and split.
    """
    modes = _linked(path, splits=splits, predicted=predicted)
    return {mode: {split: _score(rows, predicted=mode == "predicted_mentions")
                   for split, rows in sorted(by_split.items())}
            for mode, by_split in modes.items() if by_split}


def errors(path: str, *, mode: str = "gold_mentions") -> list[dict[str, Any]]:
    """Gold mentions of the TUNE half whose predicted canonical name differs from the gold one.

    The frozen test half is never run. With predicted mentions, a gold mention the entities stage
    did not find exactly is listed with ``predicted`` None.

    Args:
        path: the gold JSONL file.
        mode: ``gold_mentions`` or ``predicted_mentions``.

    Returns:
        One dict per miss: article id, mention text, gold canonical, predicted canonical, gold type,
        and the predicted type.
    """
    out = []
    if mode not in {"gold_mentions", "predicted_mentions"}:
        raise ConfigError(f"unknown link error mode {mode!r}; use gold_mentions or predicted_mentions")
    runs = _linked(path, splits={"tune"}, predicted=mode == "predicted_mentions")
    for gold, doc in runs[mode].get("tune", []):
        by_span = {(m["start"], m["end"]): m for m in doc.entities}
        for entity in gold["entities"]:
            for start, end in entity["mentions"]:
                span = clean_span(doc, start, end)
                mention = by_span.get(span) if span else None
                if span is None or (mention and same_name(mention.get("canonical"), entity["canonical"])):
                    continue
                out.append({"id": gold["id"], "text": doc.text[span[0]:span[1]],
                            "gold": entity["canonical"], "type": entity["type"],
                            "predicted": mention.get("canonical") if mention else None,
                            "predicted_type": mention.get("type") if mention else None})
    return out
