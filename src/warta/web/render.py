"""Article text as HTML: entity, quote, speaker, time-expression and dateline spans highlighted.

Spans come from the Document's annotations (half-open offsets into the clean text). Every piece of
text is escaped on its own; only the tags written here are markup. Overlapping spans are nested
properly: a span that crosses the end of an enclosing one is closed and reopened around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote as urlquote

from markupsafe import Markup, escape

# Outer spans first when two start at the same offset and have the same length.
KIND_ORDER = {"dateline": 0, "quote": 1, "speaker": 2, "entity": 3, "timex": 4}


@dataclass(slots=True)
class Mark:
    """One highlighted span: offsets, kind, CSS classes, tooltip and optional link."""

    start: int
    end: int
    kind: str
    classes: str
    title: str = ""
    href: str | None = None
    data: dict[str, str] = field(default_factory=dict)

    def open_tag(self) -> str:
        """The escaped opening tag."""
        attrs = [f'class="{escape(self.classes)}"']
        if self.title:
            attrs.append(f'title="{escape(self.title)}"')
        attrs.extend(f'data-{escape(k)}="{escape(v)}"' for k, v in self.data.items())
        if self.href:
            return f'<a href="{escape(self.href)}" {" ".join(attrs)}>'
        return f'<span {" ".join(attrs)}>'

    def close_tag(self) -> str:
        """The closing tag."""
        return "</a>" if self.href else "</span>"


def _offset(value: Any) -> int | None:
    """An integer offset, or None for anything else (bools included)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def valid_range(item: Mapping[str, Any], length: int) -> tuple[int, int] | None:
    """``(start, end)`` of an annotation when it lies inside the text and is not empty."""
    start, end = _offset(item.get("start")), _offset(item.get("end"))
    if start is None or end is None or not 0 <= start < end <= length:
        return None
    return start, end


def text_of(value: Any) -> str:
    """A display string for a name that may be a string, a span dict or missing."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        for key in ("name", "text", "canonical", "key"):
            if isinstance(value.get(key), str) and value[key]:
                return value[key]
    return ""


def entity_label(ent: Mapping[str, Any]) -> str:
    """The entity type (PER, ORG, LOC, ...) under whichever key the stage used."""
    for key in ("label", "type", "kind"):
        if isinstance(ent.get(key), str):
            return ent[key]
    return ""


def quote_speaker(quote: Mapping[str, Any]) -> Any:
    """The speaker of a quote (string, span dict or None)."""
    return quote.get("speaker")


def quote_body(quote: Mapping[str, Any]) -> Mapping[str, Any]:
    """The quoted span of a quote dict: its ``quote`` sub-dict when there is one, else itself."""
    body = quote.get("quote")
    return body if isinstance(body, Mapping) else quote


def _css_token(value: str) -> str:
    """A safe CSS class suffix from a label."""
    return "".join(ch for ch in value.lower() if ch.isalnum() or ch == "-")[:20] or "other"


def document_marks(
    data: Mapping[str, Any],
    *,
    entity_href: Callable[[Mapping[str, Any]], str | None],
    speaker_href: Callable[[Any], str | None],
) -> list[Mark]:
    """The marks of a Document JSON: dateline, quotes, their speakers, entities and timexes."""
    length = len(data.get("text") or "")
    marks: list[Mark] = []
    dateline = data.get("dateline")
    if isinstance(dateline, Mapping) and (rng := valid_range(dateline, length)):
        marks.append(Mark(*rng, "dateline", "hl hl-dateline", title="dateline"))
    for i, q in enumerate(_dicts(data.get("quotes"))):
        speaker = quote_speaker(q)
        who = text_of(speaker)
        if rng := valid_range(quote_body(q), length):
            title = f"kutipan — {who}" if who else "kutipan (pembicara tidak diketahui)"
            marks.append(Mark(*rng, "quote", "hl hl-quote", title=title, data={"quote": str(i)}))
        if isinstance(speaker, Mapping) and (rng := valid_range(speaker, length)):
            marks.append(Mark(*rng, "speaker", "hl hl-speaker", title=f"pembicara: {who}",
                              href=speaker_href(speaker)))
    for ent in _dicts(data.get("entities")):
        if rng := valid_range(ent, length):
            label = entity_label(ent)
            marks.append(Mark(*rng, "entity", f"hl hl-ent ent-{_css_token(label)}",
                              title=f"{label} {text_of(ent)}".strip(), href=entity_href(ent)))
    for tx in _dicts(data.get("timexes")):
        if rng := valid_range(tx, length):
            value = tx.get("value") or tx.get("normalized") or tx.get("date") or ""
            marks.append(Mark(*rng, "timex", "hl hl-timex", title=f"waktu: {value}".strip(": ")))
    return marks


def _dicts(items: Any) -> Iterable[Mapping[str, Any]]:
    """The dict items of an annotation list (anything else is ignored)."""
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, Mapping)]


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """The text as HTML with every mark wrapped in its tag, each text piece escaped.

    Args:
        text: the clean text.
        marks: spans inside the text; out-of-range or empty ones are skipped.

    Returns:
        Markup safe to insert into a template.
    """
    ordered = sorted(
        (m for m in marks if 0 <= m.start < m.end <= len(text)),
        key=lambda m: (m.start, -m.end, KIND_ORDER.get(m.kind, 9)),
    )
    bounds = sorted({0, len(text), *(m.start for m in ordered), *(m.end for m in ordered)})
    starts: dict[int, list[Mark]] = {}
    for m in ordered:
        starts.setdefault(m.start, []).append(m)
    out: list[str] = []
    stack: list[Mark] = []
    for i, pos in enumerate(bounds):
        _close_at(pos, stack, out)
        for m in starts.get(pos, []):
            out.append(m.open_tag())
            stack.append(m)
        if i + 1 < len(bounds):
            out.append(str(escape(text[pos:bounds[i + 1]])))
    for m in reversed(stack):
        out.append(m.close_tag())
    return Markup("".join(out))


def _close_at(pos: int, stack: list[Mark], out: list[str]) -> None:
    """Close every open mark ending at ``pos``, reopening marks above it that go on."""
    while any(m.end == pos for m in stack):
        reopen: list[Mark] = []
        while stack:
            top = stack.pop()
            out.append(top.close_tag())
            if top.end == pos:
                break
            reopen.append(top)
        for m in reversed(reopen):
            out.append(m.open_tag())
            stack.append(m)


def ui_path(prefix: str, key: str) -> str:
    """A dashboard path with one URL-quoted key segment."""
    return f"/ui/{prefix}/{urlquote(key, safe='')}"
