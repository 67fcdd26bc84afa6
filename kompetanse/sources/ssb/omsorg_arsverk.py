"""SSB table 14534, Årsverk i omsorgstjenestene etter stillingstype og utdanning (K): årsverk by education.

From the årsverk of all position types (`KOKstillingkode0000` = `TOT`) this derives the total
(`omsorg_arsverk`), the årsverk without health education (`ufaglaerte_arsverk_helse`) and three
shares of the total with teller and nevner in årsverk. Education groups are picked by their
labels; the groups summed into one share must not overlap (the table also has sub-groups of
nurses: only «Alle sykepleiere» is read).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kompetanse.sources.rows import SourceResult
from kompetanse.sources.ssb.cells import read_cells
from kompetanse.sources.ssb.client import Select, SsbClient, ordered_selection
from kompetanse.sources.ssb.kostra import PARTS_SCHEMA, codes_to_ask, to_current
from kompetanse.sources.ssb.metadata import (
    TableMetadata,
    dimension_by_label,
    pick,
    require_code,
    role_dimension,
    years_from,
)

TABLE = "14534"
SOURCE = "SSB tabell 14534"
FIRST_YEAR = 2015
POSITION_LABEL, POSITION_TOTAL = "stillingstype", "TOT"  # `TOT` is known from working code (see PROVENANCE)
EDUCATION_LABEL = "utdanning"
CONTENTS = {"arsverk": ("Årsverk (årsverk)", "Avtalte årsverk (årsverk)")}
# Education group -> its label in the table (see tests/fixtures/api/PROVENANCE.md for which are seen).
EDUCATION = {
    "i_alt": "Omsorgstjenestene i alt",
    "sykepleiere": "Alle sykepleiere",
    "vernepleiere": "Vernepleiere",
    "annen_hoyere": "Annen helseutdanning fra høyskole eller universitet",
    "fagbrev": "Helsefagarbeidere, hjelpepleiere og omsorgsarbeidere",
    "annen_vgs": "Annen helseutdanning på videregående nivå",
    "uten": "Uten helsefaglig utdanning",
}
COUNTS = {"omsorg_arsverk": ("i_alt",), "ufaglaerte_arsverk_helse": ("uten",)}
RATIOS = {  # numerator groups; the denominator is always «i_alt»
    "ufaglaerte_andel_helse": ("uten",),
    "fagbrev_andel_helse": ("fagbrev",),
    "hoyskole_andel_helse": ("sykepleiere", "vernepleiere", "annen_hoyere"),
}
INDICATORS = tuple(COUNTS) + tuple(RATIOS)


def _dimensions(meta: TableMetadata) -> dict[str, str]:
    return {
        "region": role_dimension(meta, "geo"),
        "position": dimension_by_label(meta, POSITION_LABEL),
        "education": dimension_by_label(meta, EDUCATION_LABEL),
        "metric": role_dimension(meta, "metric"),
        "time": role_dimension(meta, "time"),
    }


def query(
    meta: TableMetadata,
    code_history: pl.DataFrame,
    kommuner: Sequence[str] | None = None,
    from_year: int | None = FIRST_YEAR,
) -> list[Select]:
    """What to ask 14534 for: old and new region codes, all positions (`TOT`), education groups, årsverk."""
    dims = _dimensions(meta)
    chosen = {
        dims["region"]: codes_to_ask(meta.dimension(dims["region"]).codes, code_history, kommuner),
        dims["position"]: [require_code(meta, dims["position"], POSITION_TOTAL)],
        dims["education"]: list(pick(meta, dims["education"], EDUCATION).values()),
        dims["metric"]: list(pick(meta, dims["metric"], CONTENTS).values()),
        dims["time"]: years_from(meta, dims["time"], max(from_year or FIRST_YEAR, FIRST_YEAR)),
    }
    return ordered_selection(meta, chosen)


def _sum(cells: pl.DataFrame, groups: Sequence[str], name: str) -> pl.DataFrame:
    """The årsverk of some education groups per region code and year; one missing group makes it missing."""
    return (
        cells.filter(pl.col("group").is_in(list(groups)))
        .group_by("region", "year")
        .agg(
            pl.when(pl.col("value").null_count() == 0).then(pl.col("value").sum()).alias(name),
            pl.col("status").filter(pl.col("value").is_null()).drop_nulls().first().alias(f"{name}_status"),
        )
    )


def convert(
    meta: TableMetadata, responses: Sequence[bytes], code_history: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(municipal rows, reference rows) from 14534's data responses."""
    dims = _dimensions(meta)
    groups = {code: key for key, code in pick(meta, dims["education"], EDUCATION).items()}
    contents = pick(meta, dims["metric"], CONTENTS)["arsverk"]
    cells = read_cells(responses, TABLE, list(dims.values()))
    cells = cells.filter(
        (pl.col(dims["position"]) == POSITION_TOTAL)
        & (pl.col(dims["metric"]) == contents)
        & pl.col(dims["education"]).is_in(list(groups))
    ).select(
        region=pl.col(dims["region"]),
        year=pl.col(dims["time"]).cast(pl.Int32),
        group=pl.col(dims["education"]).replace_strict(groups),
        value="value",
        status="status",
    )
    total = _sum(cells, ("i_alt",), "denominator")
    parts = []
    for indicator, members in COUNTS.items():
        counted = _sum(cells, members, "value")
        parts.append(
            counted.select(
                "region",
                "year",
                indicator_id=pl.lit(indicator),
                kind=pl.lit("count"),
                value="value",
                status="value_status",
            )
        )
    for indicator, members in RATIOS.items():
        ratio = _sum(cells, members, "numerator").join(total, on=["region", "year"], how="inner")
        parts.append(
            ratio.select(
                "region",
                "year",
                "numerator",
                "denominator",
                indicator_id=pl.lit(indicator),
                kind=pl.lit("ratio"),
                status=pl.coalesce("numerator_status", "denominator_status"),
            )
        )
    parts = pl.concat(parts, how="diagonal_relaxed").select(list(PARTS_SCHEMA)).cast(PARTS_SCHEMA)
    return to_current(parts, code_history, SOURCE)


def fetch(
    client: SsbClient,
    code_history: pl.DataFrame,
    kommuner: Sequence[str] | None = None,
    from_year: int | None = FIRST_YEAR,
) -> SourceResult:
    """Fetch 14534's metadata and data and convert them (nothing is returned if a label moved)."""
    start = len(client.records)
    meta = client.metadata(TABLE)
    selection = query(meta, code_history, kommuner, from_year)
    responses = client.data(TABLE, selection, split=role_dimension(meta, "geo"))
    municipal, reference = convert(meta, responses, code_history)
    records = tuple(client.records[start:])
    return SourceResult(SOURCE, TABLE, meta.updated, INDICATORS, municipal, reference, records)
