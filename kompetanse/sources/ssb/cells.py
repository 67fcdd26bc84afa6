"""SSB data responses (one or more JSON-stat 2 chunks) as one frame of cells: codes, value, status."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _
from kompetanse.ingest.jsonstat import read_jsonstat
from kompetanse.sources.ssb.metadata import LabelMoved


def read_cells(responses: Sequence[bytes], table: str, dimensions: Sequence[str]) -> pl.DataFrame:
    """One row per cell: a String column per dimension in `dimensions`, then `value` and `status`.

    The dimension order of each response is read from its own `id` (SSB's order in a data
    response can differ from the metadata's), so chunks concatenate whatever order they came in.
    """
    frames = []
    for raw in responses:
        try:
            cells = read_jsonstat(raw)
        except KompetanseError:
            raise KompetanseError(
                _("Svaret fra SSB for tabell {table} er ikke et gyldig JSON-stat 2-datasett.", table=table)
            ) from None
        missing = [dimension for dimension in dimensions if dimension not in cells.columns]
        if missing:
            raise LabelMoved(
                _(
                    "Svaret fra SSB for tabell {table} mangler variabelen {variable}.",
                    table=table,
                    variable=missing[0],
                )
            )
        frames.append(cells.select(*dimensions, "value", "status"))
    schema = {**dict.fromkeys(dimensions, pl.String), "value": pl.Float64, "status": pl.String}
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)
