"""SSB table 07459, Befolkning 1. januar: the five population indicators, by today's municipalities.

07459 is not a KOSTRA table: its `Region` offers the code list `agg_KommSummer`, whose `K-xxxx`
codes are SSB's own series summed to today's borders, so no code history is needed. The
indicators are the ones the bundled population file gives (kompetanse/population.py): innbyggere,
children 0-5, and the shares 20-66, 67+ and 80+ with teller and nevner in persons. Unlike the file
importer (kompetanse/jsonstat.py), a cell SSB marks missing makes every sum it is part of missing,
with SSB's symbol, instead of quietly counting it as nobody.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kompetanse.sources.rows import MUNICIPAL_SCHEMA, REFERENCE_SCHEMA, SourceResult, empty, ratio_values
from kompetanse.sources.ssb.cells import read_cells
from kompetanse.sources.ssb.client import Select, SsbClient, ordered_selection
from kompetanse.sources.ssb.metadata import (
    TableMetadata,
    dimension_by_label,
    pick,
    require_codelist,
    role_dimension,
    single_years_of_age,
    years_from,
)

TABLE = "07459"
SOURCE = "SSB tabell 07459"
CODELIST = "agg_KommSummer"  # municipalities summed to today's borders (codes K-xxxx)
CONTENTS = {"personer": ("Personer",)}
SEX_LABEL = "kjønn"
SEXES = {"menn": "Menn", "kvinner": "Kvinner"}
AGE_LABEL = "alder"
BANDS = {  # band -> (first age, last age); None = open
    "total": (0, None),
    "age_0_5": (0, 5),
    "age_20_66": (20, 66),
    "age_67": (67, None),
    "age_80": (80, None),
}
COUNTS = {"innbyggere": "total", "innbyggere_0_5": "age_0_5"}
RATIOS = {
    "innbyggere_20_66_andel": "age_20_66",
    "innbyggere_67_pluss_andel": "age_67",
    "innbyggere_80_pluss_andel": "age_80",
}
INDICATORS = tuple(COUNTS) + tuple(RATIOS)


def _dimensions(meta: TableMetadata) -> dict[str, str]:
    return {
        "region": role_dimension(meta, "geo"),
        "sex": dimension_by_label(meta, SEX_LABEL),
        "age": dimension_by_label(meta, AGE_LABEL),
        "metric": role_dimension(meta, "metric"),
        "time": role_dimension(meta, "time"),
    }


def region_variable(meta: TableMetadata) -> str:
    """The region variable of the plain metadata, checked to still offer `agg_KommSummer`."""
    region = role_dimension(meta, "geo")
    require_codelist(meta, region, CODELIST)
    return region


def query(
    meta: TableMetadata, kommuner: Sequence[str] | None = None, from_year: int | None = None
) -> list[Select]:
    """What to ask for, from metadata fetched with the code list applied (its regions are K-xxxx)."""
    dims = _dimensions(meta)
    regions = [
        code for code in meta.dimension(dims["region"]).codes if code.startswith("K-") and code[2:].isdigit()
    ]
    if kommuner is not None:
        regions = [code for code in regions if code[2:] in set(kommuner)]
    chosen = {
        dims["region"]: regions,
        dims["sex"]: list(pick(meta, dims["sex"], SEXES).values()),
        dims["age"]: single_years_of_age(meta, dims["age"]),
        dims["metric"]: list(pick(meta, dims["metric"], CONTENTS).values()),
        dims["time"]: years_from(meta, dims["time"], from_year),
    }
    return ordered_selection(meta, chosen, codelists={dims["region"]: CODELIST})


def _band(first: int, last: int | None) -> pl.Expr:
    age = pl.col("age")
    return (age >= first) if last is None else age.is_between(first, last)


def convert(meta: TableMetadata, responses: Sequence[bytes]) -> pl.DataFrame:
    """Municipal rows of the five population indicators from 07459's data responses."""
    dims = _dimensions(meta)
    persons = pick(meta, dims["metric"], CONTENTS)["personer"]
    cells = read_cells(responses, TABLE, list(dims.values())).filter(pl.col(dims["metric"]) == persons)
    cells = cells.select(
        kommunenummer=pl.col(dims["region"]).str.replace(r"^K-", ""),
        year=pl.col(dims["time"]).cast(pl.Int32),
        age=pl.col(dims["age"]).str.extract(r"(\d+)").cast(pl.Int32),
        value="value",
        status="status",
    ).filter(pl.col("kommunenummer").str.contains(r"^\d{4}$"))
    aggregations = []
    for band, (first, last) in BANDS.items():
        inside = _band(first, last)
        values = pl.col("value").filter(inside)
        aggregations.append(pl.when(values.null_count() == 0).then(values.sum()).alias(band))
        aggregations.append(
            pl.col("status")
            .filter(inside & pl.col("value").is_null())
            .drop_nulls()
            .first()
            .alias(f"{band}_status")
        )
    bands = cells.group_by("kommunenummer", "year").agg(aggregations)
    parts = [
        bands.select(
            "kommunenummer",
            "year",
            indicator_id=pl.lit(indicator),
            value=pl.col(band).cast(pl.Float64),
            status=pl.col(f"{band}_status"),
        )
        for indicator, band in COUNTS.items()
    ] + [
        bands.select(
            "kommunenummer",
            "year",
            indicator_id=pl.lit(indicator),
            numerator=pl.col(band).cast(pl.Float64),
            denominator=pl.col("total").cast(pl.Float64),
            status=pl.coalesce(f"{band}_status", "total_status"),
        )
        for indicator, band in RATIOS.items()
    ]
    rows = ratio_values(pl.concat(parts, how="diagonal_relaxed").with_columns(source=pl.lit(SOURCE)))
    return (
        rows.select(list(MUNICIPAL_SCHEMA))
        .cast(MUNICIPAL_SCHEMA)
        .sort("kommunenummer", "year", "indicator_id")
    )


def fetch(
    client: SsbClient, kommuner: Sequence[str] | None = None, from_year: int | None = None
) -> SourceResult:
    """Fetch 07459 (metadata twice: plain, to check the code list, then with it) and convert it."""
    start = len(client.records)
    region = region_variable(client.metadata(TABLE))
    meta = client.metadata(TABLE, codelists={region: CODELIST})
    responses = client.data(TABLE, query(meta, kommuner, from_year), split=region)
    municipal = convert(meta, responses)
    records = tuple(client.records[start:])
    return SourceResult(SOURCE, TABLE, meta.updated, INDICATORS, municipal, empty(REFERENCE_SCHEMA), records)
