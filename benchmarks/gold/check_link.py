"""Validate the entity-linking gold set (link.jsonl) against the raw shared articles.

    python benchmarks/gold/check_link.py [--data ../shared/data] [--show ID ...] [--show-all]

Checks: every record is in link_draw.json (same file, id, source, split, order); ``sha1_raw`` matches the
raw ``text``; clusters are unique; types, kinds, ISO 3166 alpha-3 country codes and CAMEO role codes are
valid; every mention span is in range, non-empty, tight (no surrounding whitespace or punctuation), does
not cross a line break, and no two mentions of an article overlap. Prints totals per split and per
portal. ``--show ID`` prints every entity of that article with the text of each of its mentions, for
review (terminal only: article text must never be written into the repo). Exits 1 on any error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
GOLD = HERE / "link.jsonl"
DRAW = HERE / "link_draw.json"

TYPES = {"PER", "ORG", "LOC", "GPE", "EVT"}
KINDS = {"country", "capital", "city", "province", "person", "organisation", "media", "other"}
# CAMEO actor type (role) codes.
_ROLE_CODES = (
    "GOV MIL COP JUD LEG OPP PTY MED BUS NGO IGO REL EDU CVL REB INS SEP SPY HLH ELI LAB AGR REF CRM MOD "
    "RAD UAF ENV HRI AMN IRC GRP UIS"
)
ROLES = set(_ROLE_CODES.split())
# ISO 3166-1 alpha-3, plus SUN (Soviet Union, ISO 3166-3 historic) and XKX (Kosovo, user-assigned).
_ISO3_CODES = """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR
    BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM
    CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO
    FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN
    IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA
    LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ
    MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI
    PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP
    SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI
    URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE SUN XKX"""
ISO3 = set(_ISO3_CODES.split())
# Characters a mention may start or end with besides letters and digits (none at present; a span such as
# "U.Today" or "St. Petersburg ..." has punctuation only inside).
EDGE_OK: set[str] = set()


def load_jsonl(path: Path) -> list[dict]:
    """Load a JSONL file into a list of records."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def texts_for(data: Path, records: list[dict]) -> dict[tuple[str, str], str]:
    """Raw text of every (file, id) the gold refers to."""
    want: dict[str, set[str]] = defaultdict(set)
    for r in records:
        want[r["file"]].add(r["id"])
    out: dict[tuple[str, str], str] = {}
    for fname, ids in want.items():
        for rec in load_jsonl(data / "articles" / fname):
            if rec["id"] in ids:
                out[(fname, rec["id"])] = rec.get("text") or ""
    return out


def check_record(rec: dict, text: str | None) -> list[str]:
    """Return the list of problems found in one gold record."""
    errs: list[str] = []
    rid = rec.get("id")
    if text is None:
        return [f"{rid}: article not found in the data"]
    if hashlib.sha1(text.encode("utf-8")).hexdigest() != rec.get("sha1_raw"):
        errs.append(f"{rid}: sha1_raw does not match the raw text")
    if rec.get("split") not in {"tune", "test"}:
        errs.append(f"{rid}: bad split {rec.get('split')!r}")
    spans: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for ent in rec.get("entities", []):
        cid = ent.get("cluster")
        if cid in seen:
            errs.append(f"{rid}: duplicate cluster {cid}")
        seen.add(cid)
        if ent.get("type") not in TYPES:
            errs.append(f"{rid}/{cid}: bad type {ent.get('type')!r}")
        if ent.get("kind") not in KINDS:
            errs.append(f"{rid}/{cid}: bad kind {ent.get('kind')!r}")
        if ent.get("country") is not None and ent["country"] not in ISO3:
            errs.append(f"{rid}/{cid}: bad country code {ent['country']!r}")
        if ent.get("role") is not None and ent["role"] not in ROLES:
            errs.append(f"{rid}/{cid}: bad role code {ent['role']!r}")
        if not isinstance(ent.get("canonical"), str) or not ent["canonical"].strip():
            errs.append(f"{rid}/{cid}: empty canonical name")
        if ent.get("kind") in {"country", "capital"} and (ent.get("type") != "GPE" or not ent.get("country")):
            errs.append(f"{rid}/{cid}: a country or capital must be GPE with a country code")
        if ent.get("type") == "PER" and ent.get("kind") != "person":
            errs.append(f"{rid}/{cid}: PER entity whose kind is not person")
        if not ent.get("mentions"):
            errs.append(f"{rid}/{cid}: entity without mentions")
        for m in ent.get("mentions", []):
            if not (isinstance(m, list) and len(m) == 2 and all(isinstance(x, int) for x in m)):
                errs.append(f"{rid}/{cid}: malformed mention {m!r}")
                continue
            s, e = m
            if not 0 <= s < e <= len(text):
                errs.append(f"{rid}/{cid}: span {m} out of range")
                continue
            piece = text[s:e]
            if "\n" in piece:
                errs.append(f"{rid}/{cid}: span {m} crosses a line break")
            for ch in (piece[0], piece[-1]):
                if not (ch.isalnum() or ch in EDGE_OK):
                    errs.append(f"{rid}/{cid}: span {m} is not tight ({piece!r})")
                    break
            spans.append((s, e, cid))
    spans.sort()
    for (s1, e1, c1), (s2, e2, c2) in zip(spans, spans[1:], strict=False):
        if s2 < e1:
            errs.append(f"{rid}: overlapping mentions [{s1},{e1}] ({c1}) and [{s2},{e2}] ({c2})")
    return errs


def show(rec: dict, text: str) -> None:
    """Print every entity of a record with the text of each mention (terminal only)."""
    print(f"== {rec['id']} ({rec['source']}, {rec['split']})")
    for ent in rec["entities"]:
        print(f"  {ent['cluster']:>4} {ent['type']:3} {ent['kind']:12} {ent['country'] or '-':4} "
              f"{ent['role'] or '-':4} {ent['canonical']}")
        for s, e in ent["mentions"]:
            left = text[max(0, s - 30):s].replace("\n", " ")
            right = text[e:e + 30].replace("\n", " ")
            print(f"        [{s},{e}] {text[s:e]!r}    …{left}[{text[s:e]}]{right}…")


def main() -> int:
    """Run the checks, print totals, and return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (holds articles/)")
    ap.add_argument("--gold", type=Path, default=GOLD, help="gold file to check")
    ap.add_argument("--show", nargs="*", default=[], metavar="ID", help="print mentions of these articles")
    ap.add_argument("--show-all", action="store_true", help="print the mentions of every article")
    args = ap.parse_args()

    records = load_jsonl(args.gold)
    texts = texts_for(args.data, records)
    errs: list[str] = []
    if DRAW.exists() and args.gold == GOLD:
        draw = json.loads(DRAW.read_text(encoding="utf-8"))
        keys = [(d["file"], d["id"], d["source"], d["split"]) for d in draw]
        got = [(r["file"], r["id"], r["source"], r["split"]) for r in records]
        if keys != got:
            errs.append("link.jsonl does not list the articles of link_draw.json in draw order")
    ids = Counter(r["id"] for r in records)
    errs += [f"{i}: listed {n} times" for i, n in ids.items() if n > 1]
    for rec in records:
        errs += check_record(rec, texts.get((rec["file"], rec["id"])))

    for rec in records:
        if args.show_all or rec["id"] in args.show:
            show(rec, texts[(rec["file"], rec["id"])])

    tot: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        ents = rec["entities"]
        row = Counter(
            articles=1,
            entities=len(ents),
            mentions=sum(len(e["mentions"]) for e in ents),
            country_capital=sum(1 for e in ents if e["kind"] in {"country", "capital"}),
            singletons=sum(1 for e in ents if len(e["mentions"]) == 1),
        )
        for key in (rec["split"], f"portal {rec['source']}", "ALL"):
            tot[key].update(row)
    cols = ("articles", "entities", "mentions", "country_capital", "singletons")
    print(f"{'':28s}" + "".join(f"{c:>16s}" for c in cols))
    for key in ["tune", "test", "ALL"] + sorted(k for k in tot if k.startswith("portal ")):
        if key in tot:
            print(f"{key:28s}" + "".join(f"{tot[key][c]:16d}" for c in cols))
    for e in errs:
        print("ERROR", e, file=sys.stderr)
    print(f"{len(records)} records, {len(errs)} errors")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
