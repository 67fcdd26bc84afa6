"""KOSTRA region codes: which to ask for, and how cells become today's municipalities and SSB's references.

KOSTRA tables (K) name the region `KOKkommuneregion0000` and mix current and historical
four-digit codes with SSB's own aggregates (`EAK` Landet, `EAKUO` Landet uten Oslo, `EKA<ff>`
counties, `EKG01`-`EKG17` KOSTRA groups); they have no `agg_KommSummer`. So an adapter asks for
old and new codes together and maps the old ones through the code history
(`kompetanse.registry.read_code_history`: code -> current_code, status):

- a code not in use that year comes back with status `.` and is dropped;
- one code behind a municipality-year (a pure renumbering, such as Harstad 1903 -> 5503) maps straight;
- several (a merger, such as Tjeldsund 1852 + Skånland 1913 -> 5512 in 2019) are summed: counts
  directly, ratios from summed numerators and denominators; SSB's own percentages cannot be summed
  and are left out; a part that is missing (`..`, `:`) makes the sum missing, with its symbol;
- a split code (Tysfjord) has no current code and is dropped.
SSB's national and group figures are weighted estimates: they are kept as reference rows, never recomputed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from kompetanse.sources.rows import MUNICIPAL_SCHEMA, REFERENCE_SCHEMA, ratio_values

NOT_IN_USE = "."
REFERENCE_GROUPS = {"EAK": "landet", "EAKUO": "landet_uten_oslo"}
GROUP_PATTERN = re.compile(r"^EKG\d{2}$")
# The frame an adapter builds per table region code before mapping: `kind` is "count" (a number),
# "ratio" (numerator/denominator, value computed) or "share" (SSB's own percentage, value only).
PARTS_SCHEMA = {
    "region": pl.String,
    "year": pl.Int32,
    "indicator_id": pl.String,
    "kind": pl.String,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "status": pl.String,
}


def reference_group(code: str) -> str | None:
    """Our group id for one of SSB's aggregate codes, or None for a municipality or a county."""
    if code in REFERENCE_GROUPS:
        return REFERENCE_GROUPS[code]
    return f"kostragruppe-{code}" if GROUP_PATTERN.match(code) else None


def codes_to_ask(
    table_codes: Sequence[str], code_history: pl.DataFrame, kommuner: Sequence[str] | None
) -> list[str]:
    """The table's region codes behind the wanted municipalities (old and new) and SSB's references.

    Only codes the table itself lists are asked for: one unknown code makes SSB refuse the whole
    request (400 «Non-existent value»). `kommuner=None` means every municipality of today.
    """
    history = code_history.filter(pl.col("current_code").is_not_null())
    if kommuner is not None:
        history = history.filter(pl.col("current_code").is_in(list(kommuner)))
    wanted = set(history["code"].to_list()) | set(history["current_code"].to_list())
    return [code for code in table_codes if code in wanted or reference_group(code) is not None]


def _merge(group: pl.DataFrame) -> pl.DataFrame:
    """Several table codes behind one municipality-year-indicator: one summed row, or none for a share."""
    missing_status = lambda column: pl.col("status").filter(pl.col(column).is_null()).drop_nulls().first()
    counts = (
        group.filter(pl.col("kind") == "count")
        .group_by("kommunenummer", "year", "indicator_id")
        .agg(
            kind=pl.lit("count"),
            value=pl.when(pl.col("value").null_count() == 0).then(pl.col("value").sum()),
            numerator=pl.lit(None, dtype=pl.Float64),
            denominator=pl.lit(None, dtype=pl.Float64),
            status=missing_status("value"),
        )
    )
    complete = (pl.col("numerator").null_count() == 0) & (pl.col("denominator").null_count() == 0)
    ratios = (
        group.filter(pl.col("kind") == "ratio")
        .group_by("kommunenummer", "year", "indicator_id")
        .agg(
            kind=pl.lit("ratio"),
            value=pl.lit(None, dtype=pl.Float64),
            numerator=pl.when(complete).then(pl.col("numerator").sum()),
            denominator=pl.when(complete).then(pl.col("denominator").sum()),
            status=pl.coalesce(missing_status("numerator"), missing_status("denominator")),
        )
    )
    return pl.concat([counts, ratios], how="diagonal_relaxed")


def to_current(
    parts: pl.DataFrame, code_history: pl.DataFrame, source: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(municipal rows for today's municipalities, SSB's reference rows) from per-code parts."""
    # "." is a code not in use that year; an empty cell with no symbol at all carries nothing either
    empty = pl.col("value").is_null() & pl.col("numerator").is_null() & pl.col("denominator").is_null()
    symbol = pl.col("status")
    parts = parts.filter(pl.when(symbol.is_null()).then(~empty).otherwise(symbol != NOT_IN_USE))
    region = pl.col("region")
    groups = (
        pl.when(region.is_in(list(REFERENCE_GROUPS)))
        .then(region.replace(REFERENCE_GROUPS))
        .when(region.str.contains(GROUP_PATTERN.pattern))
        .then(pl.lit("kostragruppe-") + region)
    )
    reference = ratio_values(parts.with_columns(group_id=groups).filter(pl.col("group_id").is_not_null()))
    mapping = code_history.select("code", "current_code").filter(pl.col("current_code").is_not_null())
    mapped = parts.join(mapping, left_on="region", right_on="code", how="inner").rename(
        {"current_code": "kommunenummer"}
    )
    keys = ["kommunenummer", "year", "indicator_id"]
    counted = mapped.with_columns(parts=pl.len().over(keys))
    single = counted.filter(pl.col("parts") == 1).drop("region", "parts")
    merged = _merge(counted.filter(pl.col("parts") > 1).drop("region", "parts"))
    municipal = ratio_values(pl.concat([single, merged], how="diagonal_relaxed"))
    municipal = (
        municipal.with_columns(source=pl.lit(source)).select(list(MUNICIPAL_SCHEMA)).cast(MUNICIPAL_SCHEMA)
    )
    reference = (
        reference.with_columns(source=pl.lit(source)).select(list(REFERENCE_SCHEMA)).cast(REFERENCE_SCHEMA)
    )
    return municipal.sort(keys), reference.sort("group_id", "year", "indicator_id")
