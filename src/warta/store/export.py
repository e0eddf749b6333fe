"""Export formats shared by the backends: CSV rows of articles and GDELT-style event rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from warta.store import facets

CSV_COLUMNS = ("article_id", "canonical_url", "url", "portal", "published", "title", "language",
               "entities", "speakers", "n_quotes", "warnings", "text")
"""CSV columns; ``entities`` and ``speakers`` are ``; ``-separated names."""

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO), "DATEADDED", "SOURCEURL",
)
"""The 61 columns of the GDELT 2.0 event table, in order."""
GDELT_HEADER = "\t".join(GDELT_COLUMNS) + "\n"


def csv_line(values: Sequence[Any]) -> str:
    """One CSV line (RFC 4180 quoting, ``\\r\\n`` ending)."""
    buf = io.StringIO()
    csv.writer(buf).writerow(["" if v is None else v for v in values])
    return buf.getvalue()


def csv_row(article_id: int, canonical_url: str | None, data: dict[str, Any]) -> list[Any]:
    """The CSV values of one article's Document JSON."""
    doc_ents = [e for e in data.get("entities", []) if isinstance(e, dict)]
    names = list(dict.fromkeys(facets.display_name(e) or "" for e in doc_ents))
    speakers = list(dict.fromkeys(facets.display_name(q.get("speaker")) or "" for q in data.get("quotes", [])
                                  if isinstance(q, dict)))
    return [article_id, canonical_url, data.get("url"), data.get("source"), data.get("published"),
            data.get("title"), data.get("language"), "; ".join(n for n in names if n),
            "; ".join(s for s in speakers if s), len(data.get("quotes", [])),
            "; ".join(w.get("code", "") for w in data.get("warnings", [])), data.get("text", "")]


def _actor(value: Any) -> list[str]:
    """The ten GDELT actor fields from an event's actor (string or dict)."""
    if isinstance(value, dict):
        return [str(value.get(k.lower(), "") or "") if k != "Name" else (facets.display_name(value) or "")
                for k in _ACTOR]
    return ["", str(value or "")] + [""] * (len(_ACTOR) - 2)


def gdelt_rows(article_id: int, data: dict[str, Any]) -> Iterator[str]:
    """Tab-separated GDELT 2.0 rows of one article's events (none until the events stage exists)."""
    for i, ev in enumerate(data.get("events", [])):
        if not isinstance(ev, dict):
            continue
        day = facets.day_of(ev.get("date") if isinstance(ev.get("date"), str) else None) or \
            facets.day_of(data.get("published")) or ""
        ymd = day.replace("-", "")
        code = str(ev.get("code") or ev.get("event_code") or ev.get("cameo") or "")
        row = dict.fromkeys(GDELT_COLUMNS, "")
        row.update({
            "GLOBALEVENTID": f"{article_id}{i:03d}", "SQLDATE": ymd, "MonthYear": ymd[:6], "Year": ymd[:4],
            "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
            "QuadClass": str(ev.get("quad_class", "") or ""),
            "GoldsteinScale": str(ev.get("goldstein", "") or ""),
            "NumMentions": "1", "NumSources": "1", "NumArticles": "1", "IsRootEvent": "1",
            "DATEADDED": ymd, "SOURCEURL": data.get("url") or "",
        })
        row.update(dict(zip((f"Actor1{c}" for c in _ACTOR), _actor(ev.get("actor1")), strict=True)))
        row.update(dict(zip((f"Actor2{c}" for c in _ACTOR), _actor(ev.get("actor2")), strict=True)))
        yield "\t".join(row[c].replace("\t", " ").replace("\n", " ") for c in GDELT_COLUMNS) + "\n"
