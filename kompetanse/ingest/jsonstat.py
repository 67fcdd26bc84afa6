"""SSB statistikkbanken data as JSON-stat 2 (the format of SSB's PxWebApi): read and convert.

`read_jsonstat` turns any JSON-stat 2 dataset into one row per cell. `ssb_table_rows` converts a
downloaded file of the SSB table behind the bundled population indicators into canonical import
rows, which then pass the same validation and preview as any other file. Fetching from SSB's API
is `python -m kompetanse oppdater` (kompetanse/sources/).
"""

from __future__ import annotations

import json
from itertools import product

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.ingest.readers import RawTable
from kompetanse.rules.formatting import format_number

POPULATION_TABLE = "07459"
POPULATION_SOURCE = "SSB tabell 07459"  # stored with the rows: the same in both languages
NOT_JSON_STAT = N_("Filen er ikke et JSON-stat 2-datasett fra SSB.")  # translated where raised
MAX_CELLS = 10_000_000  # 07459 for every municipality since 1986 is about 3 million


def _load(raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except ValueError as error:  # not UTF-8, or not JSON
        raise KompetanseError(_(NOT_JSON_STAT)) from error
    if not isinstance(data, dict):
        raise KompetanseError(_(NOT_JSON_STAT))
    return data


def _categories(data: dict) -> tuple[list[str], list[int], list[list[str]]]:
    """The dimension ids, their sizes and each one's category codes in order."""
    ids, sizes, dimensions = data["id"], data["size"], data["dimension"]
    codes = []
    for dimension_id, size in zip(ids, sizes):
        index = dimensions[dimension_id]["category"].get("index")
        if isinstance(index, dict):
            ordered = [code for code, _ in sorted(index.items(), key=lambda item: item[1])]
        elif isinstance(index, list):
            ordered = index
        else:  # a single category may come without an index
            ordered = list(dimensions[dimension_id]["category"]["label"])
        if len(ordered) != size:
            raise KompetanseError(
                _(
                    "JSON-stat-filen er ødelagt: dimensjonen {dimension} har feil størrelse.",
                    dimension=dimension_id,
                )
            )
        codes.append([str(code) for code in ordered])
    if len(codes) != len(ids) or len(ids) != len(sizes):
        raise KompetanseError(_(NOT_JSON_STAT))
    return ids, sizes, codes


def read_jsonstat(raw: bytes) -> pl.DataFrame:
    """One row per cell: a String column per dimension (category codes), `value` and `status`.

    A file whose dimensions multiply to more than MAX_CELLS cells is refused before any cell is
    made: the sparse form lets a few kilobytes describe billions of them.
    """
    data = _load(raw)
    try:
        ids, sizes, codes = _categories(data)
    except (KeyError, TypeError, AttributeError) as error:
        raise KompetanseError(_(NOT_JSON_STAT)) from error
    cell_count = 1
    for size in sizes:
        cell_count *= size
    if cell_count > MAX_CELLS:
        raise KompetanseError(
            _(
                "JSON-stat-filen har {count} celler; høyst {limit} kan leses. "
                "Hent færre år eller kommuner om gangen.",
                count=format_number(cell_count),
                limit=format_number(MAX_CELLS),
            )
        )
    values = data.get("value", [])
    if isinstance(values, dict):  # the sparse form: {"position": value}
        values = [values.get(str(i)) for i in range(cell_count)]
    status = data.get("status") or {}
    if isinstance(status, list):
        status = {str(i): s for i, s in enumerate(status) if s}
    if not isinstance(values, list) or not isinstance(status, dict):
        raise KompetanseError(_(NOT_JSON_STAT))
    cells = list(product(*codes))  # row-major: the last dimension varies fastest, as JSON-stat says
    if len(cells) != len(values):
        raise KompetanseError(_("JSON-stat-filen er ødelagt: antall verdier stemmer ikke med dimensjonene."))
    columns = {dimension_id: [cell[i] for cell in cells] for i, dimension_id in enumerate(ids)}
    try:
        numbers = [None if v is None else float(v) for v in values]
    except (TypeError, ValueError) as error:
        raise KompetanseError(_("JSON-stat-filen er ødelagt: en verdi er ikke et tall.")) from error
    return pl.DataFrame(
        {**columns, "value": numbers, "status": [status.get(str(i)) for i in range(len(values))]},
        schema={**dict.fromkeys(ids, pl.String), "value": pl.Float64, "status": pl.String},
    )


def table_id(raw: bytes) -> str | None:
    """The SSB table number a JSON-stat dataset says it comes from."""
    data = _load(raw)
    extension = data.get("extension")
    px = extension.get("px") if isinstance(extension, dict) else None
    table = px.get("tableid") if isinstance(px, dict) else None
    if table:
        return str(table)
    label = data.get("label")
    return (label.split(":")[0].strip() or None) if isinstance(label, str) else None


def population_rows(cells: pl.DataFrame) -> pl.DataFrame:
    """07459 (people by municipality, sex and single year of age) -> our five population indicators."""
    people = cells.filter(pl.col("value").is_not_null()).with_columns(
        kommunenummer=pl.col("Region").str.replace(r"^K-", ""),
        age=pl.col("Alder").str.extract(r"(\d+)").cast(pl.Int32),
    )
    people = people.filter(pl.col("kommunenummer").str.contains(r"^\d{4}$"))
    bands = people.group_by("kommunenummer", "Tid").agg(
        total=pl.col("value").sum(),
        age_0_5=pl.col("value").filter(pl.col("age") <= 5).sum(),
        age_20_66=pl.col("value").filter(pl.col("age").is_between(20, 66)).sum(),
        age_67=pl.col("value").filter(pl.col("age") >= 67).sum(),
        age_80=pl.col("value").filter(pl.col("age") >= 80).sum(),
    )
    count = lambda indicator, column: bands.select(
        "kommunenummer", år="Tid", indikator=pl.lit(indicator), verdi=pl.col(column), teller=None, nevner=None
    )
    share = lambda indicator, column: bands.select(
        "kommunenummer",
        år="Tid",
        indikator=pl.lit(indicator),
        verdi=None,
        teller=pl.col(column),
        nevner=pl.col("total"),
    )
    parts = [
        count("innbyggere", "total"),
        count("innbyggere_0_5", "age_0_5"),
        share("innbyggere_20_66_andel", "age_20_66"),
        share("innbyggere_67_pluss_andel", "age_67"),
        share("innbyggere_80_pluss_andel", "age_80"),
    ]
    schema = {"verdi": pl.Float64, "teller": pl.Float64, "nevner": pl.Float64}
    return pl.concat([part.cast(schema) for part in parts]).sort("kommunenummer", "år", "indikator")


CONVERTERS = {POPULATION_TABLE: (population_rows, POPULATION_SOURCE)}


def ssb_table_rows(raw: bytes) -> RawTable:
    """A JSON-stat dataset from a supported SSB table as a canonical import table."""
    table = table_id(raw)
    if table not in CONVERTERS:
        supported = ", ".join(CONVERTERS)
        raise KompetanseError(
            _(
                "SSB-tabell {table} kan ikke importeres ennå. Støttede tabeller: {supported}.",
                table=table,
                supported=supported,
            )
        )
    convert, source = CONVERTERS[table]
    try:
        rows = convert(read_jsonstat(raw))
    except pl.exceptions.PolarsError as error:  # a dimension the table should have is missing
        raise KompetanseError(
            _("JSON-stat-filen har ikke dimensjonene SSB-tabell {table} skal ha.", table=table)
        ) from error
    text = lambda column: pl.col(column).cast(pl.String)
    cells = (
        rows.select(
            text("kommunenummer"),
            text("år"),
            text("indikator"),
            verdi=text("verdi").str.replace(r"\.0$", ""),
            teller=text("teller").str.replace(r"\.0$", ""),
            nevner=text("nevner").str.replace(r"\.0$", ""),
            kilde=pl.lit(source),
        )
        .with_row_index("line", offset=1)
        .with_columns(pl.col("line").cast(pl.Int64))
    )
    columns = ["kommunenummer", "år", "indikator", "verdi", "teller", "nevner", "kilde"]
    return RawTable(columns, cells.select(*columns, "line"))
