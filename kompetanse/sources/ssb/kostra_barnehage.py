"""SSB table 12562, Utvalgte nøkkeltall for barnehager (K): the barnehagelærer share and the coverage.

Two of the table's statistikkvariabler are read (labels seen in Statistikkbanken): the barnehagelærer
share of grunnbemanning (`barnehagelaerer_andel`) and the share of children 1-5 years in barnehage
(`barnehage_dekningsgrad`, which Framtidig behov uses as the municipality's own attendance); the
others are costs and children per årsverk. SSB gives both as percentages only, so a merged
municipality's share for the years before the merger cannot be recomputed and is left out. Nothing is
asked for before 2016 (SSB's note: «Årsverk etter utdanning blir hentet inn fra og med 2016»).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kompetanse.sources.rows import SourceResult
from kompetanse.sources.ssb.cells import read_cells
from kompetanse.sources.ssb.client import Select, SsbClient, ordered_selection
from kompetanse.sources.ssb.kostra import PARTS_SCHEMA, codes_to_ask, to_current
from kompetanse.sources.ssb.metadata import TableMetadata, pick, role_dimension, years_from

TABLE = "12562"
SOURCE = "SSB tabell 12562"
FIRST_YEAR = 2016
# Catalogue indicator -> the statistikkvariabel label it is read from (accepted spellings).
CONTENTS = {
    "barnehagelaerer_andel": ("Andel barnehagelærere i forhold til grunnbemanning (prosent)",),
    "barnehage_dekningsgrad": ("Andel barn 1-5 år i barnehage, i forhold til innbyggere 1-5 år (prosent)",),
}
INDICATORS = tuple(CONTENTS)


def _dimensions(meta: TableMetadata) -> tuple[str, str, str]:
    return role_dimension(meta, "geo"), role_dimension(meta, "metric"), role_dimension(meta, "time")


def query(
    meta: TableMetadata,
    code_history: pl.DataFrame,
    kommuner: Sequence[str] | None = None,
    from_year: int | None = FIRST_YEAR,
) -> list[Select]:
    """What to ask 12562 for: old and new municipality codes, SSB's references, the share, the years."""
    region, metric, time = _dimensions(meta)
    contents = pick(meta, metric, CONTENTS)
    chosen = {
        region: codes_to_ask(meta.dimension(region).codes, code_history, kommuner),
        metric: list(contents.values()),
        time: years_from(meta, time, max(from_year or FIRST_YEAR, FIRST_YEAR)),
    }
    return ordered_selection(meta, chosen)


def convert(
    meta: TableMetadata, responses: Sequence[bytes], code_history: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(municipal rows, reference rows) from 12562's data responses."""
    region, metric, time = _dimensions(meta)
    indicator = {code: key for key, code in pick(meta, metric, CONTENTS).items()}
    cells = read_cells(responses, TABLE, [region, metric, time])
    parts = cells.filter(pl.col(metric).is_in(list(indicator))).select(
        region=pl.col(region),
        year=pl.col(time).cast(pl.Int32),
        indicator_id=pl.col(metric).replace_strict(indicator),
        kind=pl.lit("share"),
        value="value",
        numerator=pl.lit(None, dtype=pl.Float64),
        denominator=pl.lit(None, dtype=pl.Float64),
        status="status",
    )
    return to_current(parts.cast(PARTS_SCHEMA), code_history, SOURCE)


def fetch(
    client: SsbClient,
    code_history: pl.DataFrame,
    kommuner: Sequence[str] | None = None,
    from_year: int | None = FIRST_YEAR,
) -> SourceResult:
    """Fetch 12562's metadata and data and convert them (nothing is returned if a label moved)."""
    start = len(client.records)
    meta = client.metadata(TABLE)
    selection = query(meta, code_history, kommuner, from_year)
    responses = client.data(TABLE, selection, split=role_dimension(meta, "geo"))
    municipal, reference = convert(meta, responses, code_history)
    records = tuple(client.records[start:])
    return SourceResult(SOURCE, TABLE, meta.updated, INDICATORS, municipal, reference, records)
