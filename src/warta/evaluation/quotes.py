"""``warta eval quotes FILE``: score the quotes stage on PFSA-ID or on warta's own quote gold.

FILE is one of:

- a PFSA-ID file (``token<TAB>BILOU label`` lines, blank line after each sentence; see
  ``../shared/data/quotes/README.md``) or its ``.jsonl`` conversion. Each article's text is rebuilt
  from its tokens, run through the pipeline, and the predicted character spans are mapped back to
  tokens. PFSA-ID labels only *direct* quotes of public figures, so predicted direct quotes are
  scored against ``STATEMENT`` (quotation marks at span edges ignored), their cues against
  ``CUE``/``CUECOREF`` and their speaker mentions against the ``PERSON``/``PERSONCOREF``/``CUECOREF``
  mention attached to each statement; indirect and partial quotes are counted separately. Each
  kind gets token-level and span-level (exact, and one-to-one with at least half of the shorter
  span shared) precision/recall/F1. With the ``.jsonl`` conversion beside it (or given), the
  predicted canonical speaker is compared with the conversion's (silver) ``speaker``.
- warta's own gold (``benchmarks/gold/quotes.jsonl``: ids and raw-text offsets of the shared
  articles, see ``benchmarks/gold/README_quotes.md``): quote precision/recall per split (one-to-one,
  at least half of the shorter quote shared), per gold type, and speaker accuracy over matched quotes,
  overall and per gold speaker kind.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.evaluation._shared import articles, data_dir, gold_article, gold_records
from warta.model import Document
from warta.pipeline import Pipeline
from warta.readers import document_from_record, document_from_text

STAGES = "clean,meta,segment,entities,link,quotes"
MARKS = frozenset("\"“”„«»‘’'")
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "%", "…"})
_NO_SPACE_AFTER = frozenset({"(", "["})
_DATELINE = re.compile(r"^(?:[A-Z][A-Z .]*\s,\sKOMPAS|KOMPAS\s,\s[A-Z][A-Z .]*)\s[—–-]")
_DISAGREEMENTS_KEPT = 30

Span = tuple[int, int]


# ---------------------------------------------------------------- matching and scores


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 (4 decimals)."""
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def match(gold: list[frozenset[int]], pred: list[frozenset[int]]) -> dict[int, int]:
    """One-to-one greedy matching (largest overlap first) of gold to predicted unit sets that share at
    least half of the shorter one; returns gold index -> predicted index."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            shared = len(g & p)
            if shared and 2 * shared >= min(len(g), len(p)):
                pairs.append((-shared, i, j))
    pairs.sort()
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in pairs:
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


@dataclass
class _Tally:
    """Counts behind exact, overlap and token-level P/R/F1 of one span kind."""

    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    gold_tokens: int = 0
    pred_tokens: int = 0
    shared_tokens: int = 0

    def add(self, gold: list[Span], pred: list[Span]) -> dict[int, int]:
        """Count one document; returns the overlap matching (gold index -> predicted index)."""
        gold, pred = sorted(set(gold)), sorted(set(pred))
        self.gold += len(gold)
        self.pred += len(pred)
        self.exact += len(set(gold) & set(pred))
        gsets = [frozenset(range(*s)) for s in gold]
        psets = [frozenset(range(*s)) for s in pred]
        pairs = match(gsets, psets)
        self.overlap += len(pairs)
        gtok = frozenset().union(*gsets) if gsets else frozenset()
        ptok = frozenset().union(*psets) if psets else frozenset()
        self.gold_tokens += len(gtok)
        self.pred_tokens += len(ptok)
        self.shared_tokens += len(gtok & ptok)
        return pairs

    def scores(self) -> dict[str, Any]:
        """The JSON block: exact, overlap and token P/R/F1 with the counts."""
        return {
            "exact": _prf(self.exact, self.pred, self.exact, self.gold),
            "overlap": _prf(self.overlap, self.pred, self.overlap, self.gold),
            "token": _prf(self.shared_tokens, self.pred_tokens, self.shared_tokens, self.gold_tokens),
            "gold": self.gold, "predicted": self.pred,
        }


def fold(name: str | None) -> str:
    """Case-, accent- and whitespace-folded form of a speaker name."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"\w+", text))


def same_speaker(pred: str | None, gold: str | None) -> bool:
    """Whether two speaker names agree: equal after folding case, accents and whitespace (glued words
    included), or one's words contained in the other's."""
    p, g = set(fold(pred).split()), set(fold(gold).split())
    if not p or not g:
        return not p and not g
    return p <= g or g <= p or fold(pred).replace(" ", "") == fold(gold).replace(" ", "")


# ---------------------------------------------------------------- PFSA-ID


@dataclass
class PfsaDoc:
    """One rebuilt PFSA-ID article: tokens, labels, block starts and the silver speakers."""

    doc_id: str
    tokens: list[str]
    labels: list[str]
    sentence_starts: list[int]
    speakers: dict[tuple[int, int], str | None] = field(default_factory=dict)


def bilou_spans(labels: list[str]) -> list[tuple[str, int, int]]:
    """``(type, start, end)`` spans of a BILOU label sequence (end exclusive)."""
    out, start, kind = [], None, None
    for i, label in enumerate(labels):
        tag, _, typ = label.partition("-")
        if tag == "U":
            out.append((typ, i, i + 1))
            start = None
        elif tag == "B":
            start, kind = i, typ
        elif tag == "L" and start is not None and typ == kind:
            out.append((typ, start, i + 1))
            start = None
        elif tag == "O":
            start = None
    return out


def _read_txt(path: Path) -> list[PfsaDoc]:
    """Articles of a PFSA-ID ``.txt`` file (new article at a Kompas dateline or a second ISSUE)."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read ({getattr(err, 'strerror', None) or err})", path=str(path)) from None
    blocks: list[list[tuple[str, str]]] = [[]]
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            if blocks[-1]:
                blocks.append([])
            continue
        token, sep, label = line.rpartition("\t")
        if not sep or not re.fullmatch(r"O|[BILU]-[A-Z]+", label):
            raise InputError("expected 'token<TAB>BILOU label'", path=str(path), line=n)
        blocks[-1].append((token, label))
    docs: list[PfsaDoc] = []
    issue = False
    for block in (b for b in blocks if b):
        text = " ".join(t for t, _ in block)
        opens_issue = any(lab == "B-ISSUE" or lab == "U-ISSUE" for _, lab in block)
        if not docs or _DATELINE.match(text) or (opens_issue and issue):
            docs.append(PfsaDoc(f"{path.stem}-{len(docs):04d}", [], [], []))
            issue = False
        doc = docs[-1]
        doc.sentence_starts.append(len(doc.tokens))
        doc.tokens.extend(t for t, _ in block)
        doc.labels.extend(lab for _, lab in block)
        issue = issue or opens_issue
    return docs


def _read_jsonl(path: Path) -> list[PfsaDoc]:
    """Articles of a PFSA-ID ``.jsonl`` conversion, with its silver speakers."""
    docs = []
    for n, rec in enumerate(gold_records(path), start=1):
        if not all(k in rec for k in ("tokens", "labels", "sentence_starts")):
            raise InputError("not a PFSA-ID record (needs tokens, labels, sentence_starts)",
                             path=str(path), line=n)
        speakers = {(q["token_start"], q["token_end"]): q.get("speaker") for q in rec.get("quotes", [])}
        docs.append(PfsaDoc(rec.get("doc_id", f"{path.stem}-{n:04d}"), rec["tokens"], rec["labels"],
                            rec["sentence_starts"], speakers))
    return docs


def rebuild(tokens: list[str], sentence_starts: list[int]) -> tuple[str, list[Span]]:
    """Article text from PFSA-ID tokens, and each token's character span.

    Punctuation is attached to the word before it, a hyphen between a word and a number or a repeated
    word is closed up ('Covid-19', 'masing-masing'); a quotation mark opens a quote when it ends a
    sentence block (the PFSA-ID splitter puts a paragraph's opening mark there), when it is ``“``
    or ``«``, or when no quote is open; otherwise it closes one.
    """
    ends = {s - 1 for s in sentence_starts[1:]}
    parts: list[str] = []
    offsets: list[Span] = []
    pos = 0
    is_open = False
    glue_next = True
    for i, tok in enumerate(tokens):
        opener = closer = False
        if tok in MARKS and len(tok) == 1:
            if tok in "“«‘" or i in ends or not is_open:
                opener, is_open = True, True
            else:
                closer, is_open = True, False
        joined = i > 0 and tokens[i - 1] == "-" and i > 1 and _hyphenated(tokens[i - 2], tok)
        if tok == "-" and 0 < i < len(tokens) - 1 and _hyphenated(tokens[i - 1], tokens[i + 1]):
            joined = True
        space = not glue_next and not closer and not joined and tok not in _NO_SPACE_BEFORE \
            and not tok.startswith("-nya")
        if space:
            parts.append(" ")
            pos += 1
        parts.append(tok)
        offsets.append((pos, pos + len(tok)))
        pos += len(tok)
        glue_next = opener or tok in _NO_SPACE_AFTER
    return "".join(parts), offsets


def _hyphenated(left: str, right: str) -> bool:
    """Whether 'left - right' was one hyphenated word ('Covid-19', 'masing-masing')."""
    return left[-1:].isalnum() and (right.isdigit() or right.lower() == left.lower())


def _strip_marks(tokens: list[str], start: int, end: int) -> Span:
    """A token span without quotation-mark tokens at its edges."""
    while start < end and all(ch in MARKS for ch in tokens[start]):
        start += 1
    while end > start and all(ch in MARKS for ch in tokens[end - 1]):
        end -= 1
    return start, end


def _to_tokens(offsets: list[Span], start: int, end: int) -> Span | None:
    """Tokens whose characters overlap ``[start, end)``."""
    starts = [s for s, _ in offsets]
    ends = [e for _, e in offsets]
    a = bisect_right(ends, start)
    b = bisect_left(starts, end)
    return (a, b) if b > a else None


def _gold_speaker_mentions(doc: PfsaDoc, spans: list[tuple[str, int, int]]) -> dict[Span, Span]:
    """Each STATEMENT's speaker mention: the CUECOREF after it, or the PERSON/PERSONCOREF after its
    cue in the same clause."""
    out: dict[Span, Span] = {}
    by_start = sorted(spans, key=lambda s: s[1])
    for typ, start, end in by_start:
        if typ != "STATEMENT":
            continue
        cue_seen = False
        for typ2, s2, e2 in by_start:
            if s2 < end:
                continue
            if s2 > end + 25 or typ2 == "STATEMENT" or any(doc.tokens[k] == "." for k in range(end, s2)):
                break
            if typ2 == "CUECOREF":
                out[(start, end)] = (s2, e2)
                break
            if typ2 == "CUE":
                cue_seen = True
            elif cue_seen and typ2 in {"PERSON", "PERSONCOREF"}:
                out[(start, end)] = (s2, e2)
                break
    return out


def load_pfsa(path: Path) -> list[PfsaDoc]:
    """PFSA-ID articles of a ``.txt`` or ``.jsonl`` file; a ``.txt`` takes silver speakers from the
    ``.jsonl`` conversion beside it when present."""
    if path.suffix == ".jsonl":
        return _read_jsonl(path)
    docs = _read_txt(path)
    sibling = path.with_suffix(".jsonl")
    if sibling.is_file():
        converted = {tuple(d.tokens): d for d in _read_jsonl(sibling)}
        for doc in docs:
            twin = converted.get(tuple(doc.tokens))
            if twin is not None:
                doc.doc_id, doc.speakers = twin.doc_id, twin.speakers
    return docs


def analyse_pfsa(docs: list[PfsaDoc], pipeline: Pipeline) -> list[tuple[PfsaDoc, list[Span], Document]]:
    """Each PFSA-ID article with its tokens' character spans and its analysed rebuilt text."""
    out = []
    for pdoc in docs:
        text, offsets = rebuild(pdoc.tokens, pdoc.sentence_starts)
        out.append((pdoc, offsets, pipeline(document_from_text(text, id=pdoc.doc_id))))
    return out


def evaluate_pfsa(path: Path, *, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Scores against a PFSA-ID file (see the module docstring)."""
    docs = load_pfsa(path)
    if not docs:
        raise InputError("no PFSA-ID tokens found", path=str(path))
    return score_pfsa(analyse_pfsa(docs, pipeline or Pipeline(STAGES)))


def score_pfsa(rows: list[tuple[PfsaDoc, list[Span], Document]]) -> dict[str, Any]:
    """Statement, cue and speaker scores and speaker accuracy over analysed PFSA-ID articles."""
    tallies = {"statement": _Tally(), "cue": _Tally(), "speaker": _Tally()}
    correct = judged = 0
    disagreements: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    for pdoc, offsets, doc in rows:
        spans = bilou_spans(pdoc.labels)
        statements = {(s, e): _strip_marks(pdoc.tokens, s, e) for t, s, e in spans if t == "STATEMENT"}
        gold = {
            "statement": list(statements.values()),
            "cue": [(s, e) for t, s, e in spans if t in {"CUE", "CUECOREF"}],
            "speaker": list(_gold_speaker_mentions(pdoc, spans).values()),
        }
        pred: dict[str, list[Span]] = {"statement": [], "cue": [], "speaker": []}
        owner: dict[Span, dict[str, Any]] = {}
        for quote in doc.quotes:
            counts[quote["type"]] += 1
            if quote["type"] != "direct":
                continue
            for a, b in quote["spans"]:
                tok = _to_tokens(offsets, doc.offsets.to_raw(a), doc.offsets.to_raw(b))
                if tok:
                    tok = _strip_marks(pdoc.tokens, *tok)
                    pred["statement"].append(tok)
                    owner[tok] = quote
            for key in ("cue", "speaker"):
                if quote.get(key):
                    tok = _to_tokens(offsets, doc.offsets.to_raw(quote[key]["start"]),
                                     doc.offsets.to_raw(quote[key]["end"]))
                    if tok:
                        pred[key].append(tok)
        for key, tally in tallies.items():
            pairs = tally.add(gold[key], pred[key])
            if key != "statement":
                continue
            g_sorted, p_sorted = sorted(set(gold[key])), sorted(set(pred[key]))
            by_stripped = {v: k for k, v in statements.items()}
            for gi, pi in pairs.items():
                raw_span = by_stripped[g_sorted[gi]]
                if raw_span not in pdoc.speakers or pdoc.speakers[raw_span] is None:
                    continue
                silver = pdoc.speakers[raw_span]
                predicted = owner[p_sorted[pi]].get("speaker_canonical")
                judged += 1
                if same_speaker(predicted, silver):
                    correct += 1
                elif len(disagreements) < _DISAGREEMENTS_KEPT:
                    disagreements.append({"doc": pdoc.doc_id, "tokens": list(raw_span),
                                          "silver": silver, "predicted": predicted})
        indirect = [q for q in doc.quotes if q["type"] in {"indirect", "mixed"}]
        for q in indirect:
            tok = _to_tokens(offsets, doc.offsets.to_raw(q["start"]), doc.offsets.to_raw(q["end"]))
            if tok and any(s < tok[1] and tok[0] < e for s, e in statements.values()):
                counts["indirect_on_statement"] += 1
    out: dict[str, Any] = {key: tally.scores() for key, tally in tallies.items()}
    out["speaker_accuracy"] = {"accuracy": round(correct / judged, 4) if judged else 0.0, "n": judged,
                               "reference": "silver speaker of the PFSA-ID JSONL conversion",
                               "disagreements": disagreements}
    out["not_scored"] = {"indirect": counts["indirect"], "mixed": counts["mixed"],
                         "partial": counts["partial"],
                         "indirect_or_mixed_overlapping_a_statement": counts["indirect_on_statement"]}
    out["docs"] = len(rows)
    return out


# ---------------------------------------------------------------- own gold


def _clean_spans(doc: Document, spans: list[list[int]]) -> list[Span]:
    """Clean-text spans of raw spans (parts the cleaner dropped are left out)."""
    out = []
    for start, end in spans:
        kept = [c for k in range(start, end) if (c := doc.offsets.to_clean(k)) is not None]
        a, b = (kept[0], kept[-1]) if kept else (None, None)
        if a is not None and b is not None and b >= a:
            out.append((a, b + 1))
    return out


def _chars(spans: Iterable[Iterable[int]]) -> frozenset[int]:
    return frozenset(k for a, b in spans for k in range(a, b))


def score_gold(rows: list[tuple[dict[str, Any], Document]]) -> dict[str, Any]:
    """Quote P/R/F1 and speaker accuracy of one split of our own gold."""
    n_gold = n_pred = matched = 0
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    speaker_ok = speaker_n = 0
    for gold, doc in rows:
        gq = [(q, _chars(_clean_spans(doc, q["spans"]))) for q in gold["quotes"]]
        gq = [(q, c) for q, c in gq if c]
        pq = [(q, _chars(q["spans"])) for q in doc.quotes]
        pairs = match([c for _, c in gq], [c for _, c in pq])
        n_gold += len(gq)
        n_pred += len(pq)
        matched += len(pairs)
        for i, (q, _) in enumerate(gq):
            by_type[q["type"]][1] += 1
            if i not in pairs:
                continue
            by_type[q["type"]][0] += 1
            ok = same_speaker(pq[pairs[i]][0].get("speaker_canonical"), q["canonical_speaker"])
            speaker_ok += ok
            speaker_n += 1
            by_kind[q["speaker_kind"]][0] += ok
            by_kind[q["speaker_kind"]][1] += 1
    pr = [by_kind.get(k, [0, 0]) for k in ("pronoun", "role")]
    pr_ok, pr_n = sum(x[0] for x in pr), sum(x[1] for x in pr)
    return {
        "quotes": {**_prf(matched, n_pred, matched, n_gold), "gold": n_gold, "predicted": n_pred},
        "recall_by_type": {t: round(ok / n, 4) for t, (ok, n) in sorted(by_type.items())},
        "speaker_accuracy": round(speaker_ok / speaker_n, 4) if speaker_n else 0.0,
        "speaker_accuracy_pronoun_role": round(pr_ok / pr_n, 4) if pr_n else 0.0,
        "speaker_accuracy_by_kind": {k: {"accuracy": round(ok / n, 4), "n": n}
                                     for k, (ok, n) in sorted(by_kind.items())},
        "matched": speaker_n,
    }


def gold_documents(path: Path, *, pipeline: Pipeline | None = None) -> list[tuple[dict[str, Any], Document]]:
    """Each gold record of our own quote gold with its analysed article."""
    golds = gold_records(path)
    records = articles(data_dir(path), {(g["file"], g["id"]) for g in golds})
    pipe = pipeline or Pipeline(STAGES)
    out = []
    for gold in golds:
        rec = gold_article(records, gold, path)
        out.append((gold, pipe(document_from_record(rec))))
    return out


def evaluate_gold(path: Path, *, splits: tuple[str, ...] = ("tune", "test")) -> dict[str, Any]:
    """Scores per split on our own quote gold."""
    rows = gold_documents(path)
    return {split: score_gold([r for r in rows if r[0]["split"] == split]) for split in splits
            if any(r[0]["split"] == split for r in rows)}


def _is_own_gold(path: Path) -> bool:
    """Whether a JSONL file is warta's own quote gold (records with sha1_raw and quotes)."""
    with path.open(encoding="utf-8") as fh:
        first = next((line for line in fh if line.strip()), "")
    try:
        rec = json.loads(first)
    except json.JSONDecodeError as err:
        raise InputError(f"malformed JSON ({err.msg})", path=str(path), line=1) from None
    return isinstance(rec, dict) and "sha1_raw" in rec and "quotes" in rec


def evaluate(path: str) -> dict[str, Any]:
    """Score the quotes stage on a PFSA-ID file or on our own quote gold (see the module docstring)."""
    file = Path(path)
    if not file.is_file():
        raise InputError("no such file", path=path)
    if file.suffix == ".jsonl" and _is_own_gold(file):
        return evaluate_gold(file)
    return evaluate_pfsa(file)
