"""SSB table 14746, Framskrevet folkemengde 1. januar (the 2026 projections): persons by municipality and age.

The projection alternatives are this table's statistikkvariabler (`Personer` is
«Hovedalternativet (MMMM)»); they are picked by label. Figures are summed over sex, and a missing
cell makes its sum missing. The frame is for the next issue (future need for services), so it has
its own shape, one row per municipality, year, single year of age and alternative.
Table 13600 (the 2022 round) has the same shape; pass `table="13600"` to read it instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _
from kompetanse.sources.ssb.cells import read_cells
from kompetanse.sources.ssb.client import Select, SsbClient, ordered_selection
from kompetanse.sources.ssb.metadata import (
    LabelMoved,
    TableMetadata,
    dimension_by_label,
    pick,
    role_dimension,
    single_years_of_age,
    years_from,
)

TABLE = "14746"
ALTERNATIVES = {
    "MMMM": ("Hovedalternativet (MMMM)",),
    "LLML": ("Lav nasjonal vekst (LLML)",),
    "HHMH": ("Høy nasjonal vekst (HHMH)",),
}
SEX_LABEL = "kjønn"
SEXES = {"menn": "Menn", "kvinner": "Kvinner"}
AGE_LABEL = "alder"
PROJECTION_SCHEMA = {
    "kommunenummer": pl.String,
    "year": pl.Int32,
    "age": pl.Int32,
    "alternative": pl.String,
    "persons": pl.Float64,
    "source": pl.String,
}


def _dimensions(meta: TableMetadata) -> dict[str, str]:
    dims = {
        "region": role_dimension(meta, "geo"),
        "age": dimension_by_label(meta, AGE_LABEL),
        "metric": role_dimension(meta, "metric"),
        "time": role_dimension(meta, "time"),
    }
    try:
        dims["sex"] = dimension_by_label(meta, SEX_LABEL)
    except LabelMoved:  # a table without a sex breakdown is already summed over sex
        pass
    return dims


def query(
    meta: TableMetadata, kommuner: Sequence[str] | None = None, from_year: int | None = None
) -> list[Select]:
    """What to ask for: the municipalities (today's codes), every age, both sexes, the three alternatives."""
    dims = _dimensions(meta)
    regions = [code for code in meta.dimension(dims["region"]).codes if len(code) == 4 and code.isdigit()]
    if kommuner is not None:
        regions = [code for code in regions if code in set(kommuner)]
    if not regions:
        raise KompetanseError(_("Tabell {table} har ingen av de valgte kommunene.", table=meta.table))
    chosen = {
        dims["region"]: regions,
        dims["age"]: single_years_of_age(meta, dims["age"]),
        dims["metric"]: list(pick(meta, dims["metric"], ALTERNATIVES).values()),
        dims["time"]: years_from(meta, dims["time"], from_year),
    }
    if "sex" in dims:
        chosen[dims["sex"]] = list(pick(meta, dims["sex"], SEXES).values())
    return ordered_selection(meta, chosen)


def convert(meta: TableMetadata, responses: Sequence[bytes]) -> pl.DataFrame:
    """kommunenummer, year, age, alternative, persons (summed over sex), source."""
    dims = _dimensions(meta)
    alternative = {code: key for key, code in pick(meta, dims["metric"], ALTERNATIVES).items()}
    cells = read_cells(responses, meta.table, list(dims.values()))
    cells = cells.filter(pl.col(dims["metric"]).is_in(list(alternative))).select(
        kommunenummer=pl.col(dims["region"]),
        year=pl.col(dims["time"]).cast(pl.Int32),
        age=pl.col(dims["age"]).str.extract(r"(\d+)").cast(pl.Int32),
        alternative=pl.col(dims["metric"]).replace_strict(alternative),
        value="value",
    )
    summed = cells.group_by("kommunenummer", "year", "age", "alternative").agg(
        persons=pl.when(pl.col("value").null_count() == 0).then(pl.col("value").sum())
    )
    frame = summed.with_columns(source=pl.lit(f"SSB tabell {meta.table}"))
    return (
        frame.select(list(PROJECTION_SCHEMA))
        .cast(PROJECTION_SCHEMA)
        .sort("kommunenummer", "alternative", "year", "age")
    )


def fetch(
    client: SsbClient, kommuner: Sequence[str] | None = None, from_year: int | None = None, table: str = TABLE
) -> tuple[pl.DataFrame, str | None, tuple]:
    """(the projection frame, the table's `updated`, the responses' records)."""
    start = len(client.records)
    meta = client.metadata(table)
    responses = client.data(table, query(meta, kommuner, from_year), split=role_dimension(meta, "geo"))
    return convert(meta, responses), meta.updated, tuple(client.records[start:])
