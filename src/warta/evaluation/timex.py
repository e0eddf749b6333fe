"""``warta eval timex PATH``: score the timex stage on IndoTimex-style or warta gold.

PATH is a folder of IndoTimex JSON files (``text``, ``dct``, ``timex``: see
``../shared/data/timex/README.md``), one such file, or warta's own gold JSONL
(``benchmarks/gold/timex.jsonl``: ids and offsets into the clean text of the shared articles,
rebuilt from ``$WARTA_DATA`` or the ``shared/data`` folder next to the repository).

Scores: recognition precision/recall/F1 with strict (same offsets) and relaxed (overlapping)
matching; normalisation P/R/F1 over all expressions, where an expression counts only when it is
found and its type and value are right (the IndoTimex paper's measure); value and type accuracy on
the matched expressions; and per gold type the recall and value accuracy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.evaluation._shared import articles, clean_span, data_dir

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(slots=True)
class GoldDoc:
    """One gold document: its text, DCT, gold expressions and split."""

    name: str
    text: str
    dct: str | None
    gold: list[dict[str, Any]]
    split: str | None = None


@dataclass(slots=True)
class Tally:
    """Counts behind the scores."""

    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0
    type_ok: int = 0
    correct: int = 0
    per_type: dict[str, dict[str, int]] = field(default_factory=dict)


def _prf(hit: int, pred: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 rounded to four places."""
    p = hit / pred if pred else 0.0
    r = hit / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) of overlapping spans, exact matches first."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for exact in (True, False):
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for pi, p in enumerate(pred):
                if pi in used_p:
                    continue
                same = (g["start"], g["end"]) == (p["start"], p["end"])
                if (exact and same) or (not exact and p["start"] < g["end"] and g["start"] < p["end"]):
                    pairs.append((gi, pi))
                    used_g.add(gi)
                    used_p.add(pi)
                    break
    return sorted(pairs)


def score_doc(gold: list[dict[str, Any]], pred: list[dict[str, Any]], tally: Tally) -> list[dict[str, Any]]:
    """Add one document to the tally; return its errors (missed, spurious, wrong value)."""
    tally.gold += len(gold)
    tally.pred += len(pred)
    errors: list[dict[str, Any]] = []
    pairs = match(gold, pred)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    for g in gold:
        row = tally.per_type.setdefault(g["type"], {"gold": 0, "found": 0, "value_ok": 0})
        row["gold"] += 1
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        tally.relaxed += 1
        tally.strict += (g["start"], g["end"]) == (p["start"], p["end"])
        value_ok = g["value"] == p["value"]
        type_ok = g["type"] == p["type"]
        tally.value_ok += value_ok
        tally.type_ok += type_ok
        tally.correct += value_ok and type_ok
        row = tally.per_type[g["type"]]
        row["found"] += 1
        row["value_ok"] += value_ok and type_ok
        if not (value_ok and type_ok) or (g["start"], g["end"]) != (p["start"], p["end"]):
            errors.append({"kind": "wrong", "gold": g, "pred": p})
    errors += [{"kind": "missed", "gold": g} for i, g in enumerate(gold) if i not in matched_g]
    errors += [{"kind": "spurious", "pred": p} for i, p in enumerate(pred) if i not in matched_p]
    return errors


def report(tally: Tally) -> dict[str, Any]:
    """The JSON-ready scores of a tally."""
    per_type = {}
    for kind in sorted(tally.per_type, key=lambda k: (TYPES + (k,)).index(k)):
        row = tally.per_type[kind]
        per_type[kind] = {
            "gold": row["gold"],
            "recall": round(row["found"] / row["gold"], 4) if row["gold"] else 0.0,
            "normalisation_recall": round(row["value_ok"] / row["gold"], 4) if row["gold"] else 0.0,
        }
    return {
        "strict": _prf(tally.strict, tally.pred, tally.gold),
        "relaxed": _prf(tally.relaxed, tally.pred, tally.gold),
        "normalisation": _prf(tally.correct, tally.pred, tally.gold),
        "value_accuracy": round(tally.value_ok / tally.relaxed, 4) if tally.relaxed else 0.0,
        "type_accuracy": round(tally.type_ok / tally.relaxed, 4) if tally.relaxed else 0.0,
        "per_type": per_type,
        "counts": {"gold": tally.gold, "predicted": tally.pred, "matched": tally.relaxed,
                   "correct": tally.correct},
    }


# --- reading gold -------------------------------------------------------------------------------


def _check_items(items: Any, text: str, where: str, *, with_text: bool) -> list[dict[str, Any]]:
    """Validated gold items (start, end, type, value), or InputError naming the file."""
    if not isinstance(items, list):
        raise InputError("expected a list of time expressions", path=where)
    out = []
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not all(k in item for k in ("start", "end", "type", "value")):
            raise InputError(f"expression {n} needs start, end, type and value", path=where)
        start, end = item["start"], item["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise InputError(f"expression {n} has bad offsets {start!r}-{end!r}", path=where)
        if with_text and "text" in item and text[start:end] != item["text"]:
            raise InputError(f"expression {n}: text {item['text']!r} is not at {start}-{end}", path=where)
        out.append({"start": start, "end": end, "type": str(item["type"]), "value": str(item["value"])})
    return out


def _indotimex(path: Path) -> GoldDoc:
    """One IndoTimex-style JSON document."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a readable JSON file ({exc})", path=str(path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or "timex" not in data:
        raise InputError('expected an object with "text", "dct" and "timex"', path=str(path))
    gold = _check_items(data["timex"], data["text"], str(path), with_text=True)
    name = str(data.get("doc_id") or path.stem)
    return GoldDoc(name=name, text=data["text"], dct=data.get("dct"), gold=gold)


def _warta_gold(path: Path, split: str | None) -> Iterator[GoldDoc]:
    """Warta gold JSONL records, with their clean text rebuilt from the shared articles."""
    from warta.pipeline import analyze

    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"bad JSON ({exc.msg})", path=str(path), line=n) from None
        if not isinstance(rec, dict) or not all(k in rec for k in ("file", "id", "timexes", "sha1_clean")):
            raise InputError('record needs "file", "id", "sha1_clean" and "timexes"', path=str(path), line=n)
        if split is None or rec.get("split") == split:
            records.append((n, rec))
    data = data_dir(path)
    shared = articles(data, {(rec["file"], rec["id"]) for _, rec in records})
    for n, rec in records:
        art = shared.get((rec["file"], rec["id"]))
        if art is None:
            raise InputError(f"article {rec['id']} not found in {data / 'articles' / rec['file']}",
                             path=str(path), line=n)
        doc = analyze(art["text"], stages="clean,meta", source=art.get("source"), date=art.get("date"))
        items = rec["timexes"]
        if hashlib.sha1(doc.text.encode("utf-8")).hexdigest() != rec["sha1_clean"]:
            items = _moved_to_current_clean_text(rec, art["text"], doc, where=f"{path}:{n}")
        gold = _check_items(items, doc.text, f"{path}:{n}", with_text=False)
        yield GoldDoc(name=rec["id"], text=doc.text, dct=doc.published, gold=gold, split=rec.get("split"))


def _moved_to_current_clean_text(
    rec: dict[str, Any], raw: str, doc: Any, *, where: str
) -> list[dict[str, Any]]:
    """Gold items re-anchored through their raw offsets after the cleaner changed the clean text."""
    if rec.get("sha1_raw") != hashlib.sha1(raw.encode("utf-8")).hexdigest():
        raise InputError(f"raw text of {rec['id']} changed since it was annotated (sha1_raw)", path=where)
    out = []
    for item in rec["timexes"]:
        if "raw" not in item:
            raise InputError(f"clean text of {rec['id']} changed and the gold has no raw offsets", path=where)
        span = clean_span(doc, *item["raw"])
        if span is not None:  # an expression the cleaner now drops is not scored
            out.append({**item, "start": span[0], "end": span[1]})
    return out


def load_gold(path: str | Path, *, split: str | None = None) -> list[GoldDoc]:
    """Gold documents from an IndoTimex folder or file, or from a warta gold JSONL file.

    Args:
        path: a folder of IndoTimex ``*.json``, one such file, or a warta ``*.jsonl`` gold file.
        split: for warta gold, keep only this split ("tune" or "test").

    Returns:
        The gold documents in file order.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            subdirs = sorted(p.name for p in path.iterdir() if p.is_dir() and any(p.glob("*.json")))
            hint = f"; give one of its subfolders: {', '.join(subdirs)}" if subdirs else ""
            raise InputError(f"no *.json gold files in this folder{hint}", path=str(path))
        return [_indotimex(f) for f in files]
    if not path.is_file():
        raise InputError("no such gold file or folder", path=str(path))
    if path.suffix == ".jsonl":
        return list(_warta_gold(path, split))
    return [_indotimex(path)]


def evaluate(path: str, *, split: str | None = None, errors: list[dict[str, Any]] | None = None
             ) -> dict[str, Any]:
    """Score the timex stage on a gold folder or file.

    Args:
        path: IndoTimex folder/file or warta gold JSONL.
        split: for warta gold, score only this split.
        errors: when given, every error is appended to it (with the document name and text).

    Returns:
        ``strict``, ``relaxed`` and ``normalisation`` P/R/F1, ``value_accuracy``,
        ``type_accuracy``, ``per_type`` and ``counts``.
    """
    from warta.stages.timex import find_timexes

    tally = Tally()
    for doc in load_gold(path, split=split):
        pred = find_timexes(doc.text, doc.dct)
        found = score_doc(doc.gold, pred, tally)
        if errors is not None:
            for err in found:
                item = err.get("gold") or err["pred"]
                errors.append({"doc": doc.name, "text": doc.text[item["start"]:item["end"]], **err})
    return report(tally)
