"""``warta eval ner FILE.conll``: entity-level scores of the shipped NER model on a gold CoNLL file.

The file holds ``token<TAB>label`` lines, a blank line after each sentence, labels in IOB2 in any
of the shared sets' schemes (see ``warta.models.ner.schemes``). Labels are mapped onto
PER/ORG/LOC/EVT; predicted types the file's scheme does not annotate are removed before scoring
(seqeval, strict IOB2). A file in the NERP, NERGrit or IDNer scheme is tagged with that set's
head; any other file with the news tagging the ``entities`` stage outputs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.models.ner.schemes import Scheme, detect, map_tag, repair, scheme

_TAG = re.compile(r"O|[BI]-[A-Za-z_]+")
_HEADS = {"nerp": "nerp", "nergrit": "nergrit", "idner": "idner"}


def read_conll(path: str | Path) -> tuple[list[list[str]], list[list[str]]]:
    """Tokens and raw labels of a ``token<TAB>label`` CoNLL file.

    Args:
        path: the file.

    Returns:
        Token lists and label lists, one per sentence.

    Raises:
        InputError: unreadable file, a line without exactly two tab-separated fields, or a label
            that is not ``O``, ``B-TYPE`` or ``I-TYPE``.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the CoNLL file ({exc}); give a UTF-8 token<TAB>label file",
                         path=str(p)) from exc
    sents: list[list[str]] = []
    labels: list[list[str]] = []
    toks: list[str] = []
    tags: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if toks:
                sents.append(toks)
                labels.append(tags)
            toks, tags = [], []
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0]:
            raise InputError(f"expected 'token<TAB>label', got {len(fields)} field(s): {line[:60]!r}",
                             path=str(p), line=number)
        if not _TAG.fullmatch(fields[1]):
            raise InputError(f"label {fields[1]!r} is not O, B-TYPE or I-TYPE", path=str(p), line=number)
        toks.append(fields[0])
        tags.append(fields[1])
    if toks:
        sents.append(toks)
        labels.append(tags)
    if not sents:
        raise InputError("no sentence found; expected token<TAB>label lines", path=str(p))
    return sents, labels


def file_scheme(labels: list[list[str]], *, path: str) -> Scheme:
    """The scheme of a file's labels (the warta scheme when it has no entity)."""
    found = {t[2:] for seq in labels for t in seq if t != "O"}
    if not found:
        return scheme("warta")
    sch = detect(found)
    if sch is None:
        raise InputError(f"entity types {sorted(found)} match no known scheme (NERP, NERGrit, NER-UI/UGM, "
                         "IDNer, PER/ORG/LOC/EVT)", path=path)
    return sch


def _prf(row: dict[str, Any]) -> dict[str, float]:
    """Precision, recall and F1 of a seqeval report row, rounded."""
    return {"precision": round(float(row["precision"]), 4), "recall": round(float(row["recall"]), 4),
            "f1": round(float(row["f1-score"]), 4)}


def evaluate(path: str, *, head: str | None = "auto", model: str | None = None) -> dict[str, Any]:
    """Score the shipped NER model on one gold CoNLL file.

    Args:
        path: a ``token<TAB>label`` CoNLL file.
        head: the CRF head to tag with; ``"auto"`` picks the head of the file's scheme (the news
            tagging for other schemes), None always uses the news tagging of the entities stage.
        model: folder of the NER model to score (default: the shipped one).

    Returns:
        ``{"micro": {precision, recall, f1}, "per_type": {TYPE: {precision, recall, f1, support}},
        "sentences", "tokens", "scheme", "head"}``.
    """
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    from warta.models.ner import load

    sents, labels = read_conll(path)
    sch = file_scheme(labels, path=path)
    gold = [repair([map_tag(t, sch.mapping) for t in seq]) for seq in labels]
    if head == "auto":
        head = _HEADS.get(sch.name)
    tagged = load(model).tag(sents, head=head)
    pred = [[t if t == "O" or t[2:] in sch.annotates else "O" for t in s.tags] for s in tagged]
    report = classification_report(gold, pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    per_type = {k: {**_prf(v), "support": int(v["support"])}
                for k, v in report.items() if not k.endswith(" avg")}
    return {
        "micro": _prf(report["micro avg"]),
        "per_type": per_type,
        "sentences": len(sents),
        "tokens": sum(map(len, sents)),
        "scheme": sch.name,
        "head": head or "news",
    }
