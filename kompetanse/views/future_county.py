"""Framtidig behov's county context: SSB's own projection (table 14288) for the region's counties.

The municipalities' projections in the bundle are example data; SSB's regional projections 2024 for
the counties are official, so the page puts them beside the need as context: how many live in each
county at the start and at the horizon, by the main alternative, with the low and high alternatives
as the range. SSB's numbers are never mixed into the example figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from kompetanse.i18n import _
from kompetanse.rules.formatting import format_number, format_signed
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

MAIN, LOW, HIGH = "MMMM", "LLML", "HHMH"


@dataclass(frozen=True)
class CountyContext:
    """One sentence per county, and the source line under them."""

    lines: tuple[str, ...]
    source: str


def _change(start: float, end: float) -> float:
    return (end / start - 1.0) * 100.0


@per_version(reveal=False)
def county_context(database: Database, region_id: str, start: int, horizon: int) -> CountyContext | None:
    """The region's counties in SSB's 14288 from `start` to `horizon`; None without those years."""
    rows = database.query("county_projection_change", region_id=region_id, start=start, horizon=horizon)
    by_county: dict[str, dict[str, dict]] = {}
    for row in rows.iter_rows(named=True):
        if row["start_persons"] is None or row["horizon_persons"] is None:
            continue
        by_county.setdefault(row["county_name"], {})[row["alternative"]] = row
    lines = []
    for county, alternatives in by_county.items():
        main = alternatives.get(MAIN)
        if main is None:
            continue
        name = county.split(" - ")[0]
        text = _(
            "{county}: {start_persons} innbyggere i {start}, {horizon_persons} i {horizon} ({change} %",
            county=name,
            start_persons=format_number(main["start_persons"]),
            start=start,
            horizon_persons=format_number(main["horizon_persons"]),
            horizon=horizon,
            change=format_signed(_change(main["start_persons"], main["horizon_persons"])),
        )
        low, high = alternatives.get(LOW), alternatives.get(HIGH)
        if low is not None and high is not None:
            slow = format_signed(_change(low["start_persons"], low["horizon_persons"]))
            fast = format_signed(_change(high["start_persons"], high["horizon_persons"]))
            text += _("; lav og høy nasjonal vekst: {slow} og {fast} %", slow=slow, fast=fast)
        lines.append(text + ").")
    if not lines:
        return None
    source = rows["source"][0]
    source = _(source)  # the bundled table's source is a catalogue text
    return CountyContext(
        tuple(lines), _("Kilde: {source}. Offisielle tall for fylket, ikke eksempeldata.", source=source)
    )
