"""A small Framtidig behov database, worked out by hand: Vesterålen's staffing and a projection.

The projection is written the way the official update writes SSB's (projection_replace with the rows
staged), so the page reads it as official figures. One age stands for each band the model reads:
1 (children 1-2), 4 (3-5), 30 (20-66, so 0-66 = ages 1 + 4 + 30), 70 (67-79), 85 (80-89), 92 (90+).
2030 repeats 2026 and 2040 repeats 2035. Only Sortland changes between the alternatives.

With every child in barnehage (du3 = do3 = 100), care weights 1, 2, 4, 8 and 2 % retiring a year:
- Sortland barnehage: 2026 14/7 + 350/14 = 27 = today; 2035 70/7 + 420/14 = 40, so 13 more.
  Retired by 2035: 27 x 2 % x 9 = 4.86; recruitment (40 - (27 - 4.86)) / 9 = 1.98 a year.
- Andøy barnehage: 168/14 = 12 = today, 140/14 = 10 in 2035: a surplus of 2 that covers nobody.
- Sortland omsorg (200 today): weighted 6000 + 2x1000 + 4x500 + 8x100 = 10 800 in 2026 and
  6000 + 2x1100 + 4x790 + 8x200 = 12 960 in 2035 = 1.2 times, so 240 needed: 40 more, 16 with fagbrev
  (40 %) and 14 with higher education (35 %). Recruitment (240 - (200 - 36)) / 9 = 8.44 a year.
- Andøy omsorg (100 today): 5400 -> 5000 weighted, 92.59 needed, no shortfall; recruitment
  (92.59 - 82) / 9 = 1.18 a year. The others are constant: recruitment = their retirement, 2 % a year
  (Bø 1.0, Hadsel 3.0, Lødingen 0.8, Øksnes 1.6), so the region recruits 16.02 a year.
- The band in 2035 (region omsorg): LLML Sortland 85-year-olds 690 -> 200 x 12 560 / 10 800 = 232.59,
  HHMH 890 -> 247.41; the others need 412.59 in every alternative: 645.19, 652.59 and 660.00.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
from conftest import import_file

from kompetanse.store.writing import write_transaction

SOURCE = "SSB tabell 14746 (testdata)"
TEST_SOURCE = "Testdata for automatiske tester"
HAND_WORKED = {  # URL parameters that make the arithmetic above
    "du3": "100",
    "do3": "100",
    "v0": "1",
    "v67": "2",
    "v80": "4",
    "v90": "8",
    "pr": "2",
}
# kommunenummer -> (ages in 2026, ages in 2035); {age: persons}
PEOPLE = {
    "1870": (  # Sortland
        {1: 14, 4: 350, 30: 5636, 70: 1000, 85: 500, 92: 100},
        {1: 70, 4: 420, 30: 5510, 70: 1100, 85: 790, 92: 200},
    ),
    "1871": (  # Andøy
        {1: 0, 4: 168, 30: 2832, 70: 500, 85: 250, 92: 50},
        {1: 0, 4: 140, 30: 2760, 70: 450, 85: 200, 92: 50},
    ),
    "1867": ({1: 0, 4: 84, 30: 2916, 70: 500, 85: 250, 92: 50},) * 2,  # Bø
    "1866": ({1: 0, 4: 420, 30: 7580, 70: 1500, 85: 700, 92: 100},) * 2,  # Hadsel
    "1851": ({1: 0, 4: 70, 30: 1730, 70: 300, 85: 150, 92: 30},) * 2,  # Lødingen
    "1868": ({1: 0, 4: 140, 30: 3860, 70: 600, 85: 300, 92: 60},) * 2,  # Øksnes
}
SORTLAND_85_IN_2035 = {"LLML": 690, "HHMH": 890}
# Omsorg årsverk today; 40 % fagbrev, 35 % higher, 20 % without health education; 14 % aged 60+
CARE_TODAY = {"1870": 200, "1871": 100, "1867": 50, "1866": 150, "1851": 40, "1868": 80}


def projection_rows() -> pl.DataFrame:
    rows = []
    for kommune, (start, later) in PEOPLE.items():
        for year, ages in ((2026, start), (2030, start), (2035, later), (2040, later)):
            for alternative in ("MMMM", "LLML", "HHMH"):
                for age, persons in ages.items():
                    if kommune == "1870" and year >= 2035 and age == 85:
                        persons = SORTLAND_85_IN_2035.get(alternative, persons)
                    rows.append((kommune, year, age, alternative, float(persons), SOURCE))
    return pl.DataFrame(
        rows,
        schema={
            "kommunenummer": pl.String,
            "year": pl.Int32,
            "age": pl.Int32,
            "alternative": pl.String,
            "persons": pl.Float64,
            "source": pl.String,
        },
        orient="row",
    )


def staffing_csv(folder: Path) -> Path:
    lines = ["kommunenummer,år,indikator,verdi,teller,nevner,kilde"]
    for kommune, care in CARE_TODAY.items():
        lines.append(f"{kommune},2024,omsorg_arsverk,{care},,,{TEST_SOURCE}")
        for indicator, share in (
            ("fagbrev_andel_helse", 0.40),
            ("hoyskole_andel_helse", 0.35),
            ("ufaglaerte_andel_helse", 0.20),
        ):
            lines.append(f"{kommune},2024,{indicator},{share * 100:g},{care * share:g},{care},{TEST_SOURCE}")
        lines.append(f"{kommune},2024,seniorer_andel,14,14,100,{TEST_SOURCE}")
    path = folder / "behov.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_behov_db(template: Path, folder: Path) -> Path:
    """A copy of the fixture database with the staffing imported and the projection written."""
    path = folder / "behov.duckdb"
    shutil.copyfile(template, path)
    import_file(path, staffing_csv(folder))
    with write_transaction(path, by="test", action="test", detail="framskriving") as writer:
        with writer.frame("staged_projection", projection_rows()):
            writer.run("projection_replace")
    return path
