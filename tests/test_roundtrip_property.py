"""Property: for any valid data, export -> import -> export gives the same file."""

import shutil
from pathlib import Path

import pytest
from conftest import ADMIN, opened
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetanse.exports.canonical_csv import export_csv
from kompetanse.ingest.imports import apply_import, plan_import
from kompetanse.store.build import build
from kompetanse.store.db import Database, open_database
from kompetanse.store.writing import write_transaction

CODES = ["0301", "1866", "1868", "3105", "4621", "5522"]
COUNTS = ["laerlinger_antall", "ledere_antall", "omsorg_arsverk"]
PERSONS = {"laerlinger_antall", "ledere_antall"}  # counts of persons are whole (issue 13, finding 10)
SHARES = ["heltid_andel", "sykefravaer_andel"]
RATE = "laerlinger_per_1000_innbyggere"
SOURCE_TEXT = (
    st.text(alphabet=st.sampled_from(list("abcæøå ÆØÅ,;\"'.-:()0123456789=+@")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def observation(draw) -> dict:
    indicator = draw(st.sampled_from(COUNTS + SHARES + [RATE]))
    row = {"indicator": indicator, "numerator": None, "denominator": None, "value": None}
    if indicator in COUNTS:
        whole = st.integers(0, 100_000)
        fractional = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)
        row["value"] = draw(whole if indicator in PERSONS else whole | fractional)
    elif draw(st.booleans()):
        denominator = draw(st.integers(1, 100_000))
        row["numerator"] = draw(st.integers(0, denominator))
        row["denominator"] = denominator
    else:
        row["value"] = draw(st.floats(0, 100, allow_nan=False, allow_infinity=False))
    source = draw(SOURCE_TEXT)
    row["source"] = f"Eksempeldata {source}" if draw(st.booleans()) else source
    return row


rows_strategy = st.dictionaries(
    keys=st.tuples(st.sampled_from(CODES), st.integers(1994, 2026), st.just(None)),
    values=observation(),
    min_size=1,
    max_size=25,
)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    """The registry and catalogue without any observations."""
    path = tmp_path_factory.mktemp("roundtrip") / "empty.duckdb"
    build(path, scale="none")
    with write_transaction(path, by="test", action="test") as con:
        con.execute("delete from observation")
    return path


def csv_of(rows: dict) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kommunenummer", "år", "indikator", "verdi", "teller", "nevner", "kilde"])
    seen = set()
    for (code, year, _), row in rows.items():
        if (code, year, row["indicator"]) in seen:
            continue
        seen.add((code, year, row["indicator"]))
        number = lambda v: "" if v is None else repr(v)
        writer.writerow(
            [
                code,
                year,
                row["indicator"],
                number(row["value"]),
                number(row["numerator"]),
                number(row["denominator"]),
                row["source"],
            ]
        )
    return buffer.getvalue().encode()


def import_into(db: Path, raw: bytes) -> None:
    database = open_database(db)
    try:
        plan = plan_import(raw, "data.csv", database, ADMIN, shares="prosent")  # our own export: percent
    finally:
        database.close()
    apply_import(opened(db), plan, user=ADMIN, confirmed=True)  # its jumps are the generated data's


def export_of(db: Path, out: Path) -> bytes:
    database = Database(db)
    try:
        export_csv(database, out)
    finally:
        database.close()
    return out.read_bytes()


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy)
def test_export_import_export_is_the_identity(empty_db, tmp_path, rows):
    first_db, second_db = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    for db in (first_db, second_db):
        db.unlink(missing_ok=True)
        shutil.copyfile(empty_db, db)
    import_into(first_db, csv_of(rows))
    first = export_of(first_db, tmp_path / "first.csv")
    import_into(second_db, first)
    assert export_of(second_db, tmp_path / "second.csv") == first
