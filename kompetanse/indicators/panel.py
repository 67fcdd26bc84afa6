"""The Panel: one record for everything a page draws in a block, drawn by one renderer (ui.panels).

A panel is a heading with an optional headline, charts (plain Vega-Lite dicts), a display table,
a footnote with the definition, source and year, and whether any figure in it is example data.
Pages become short lists of panels, as datasette-dashboards draws every chart from one record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl


@dataclass(frozen=True)
class Chart:
    """One chart of a panel: `kind` says what it shows ('bar', 'map', 'trend', ...), `name` is the
    stem of its PNG/SVG file."""

    kind: str
    spec: dict
    name: str

    @property
    def description(self) -> str:
        """The chart's text alternative (charts/describe.py), as vega_spec put it in the spec."""
        return self.spec.get("description", "")


@dataclass(frozen=True)
class Panel:
    """Heading, headline, charts, table and footnote; `key` keeps its widgets apart on a page.

    `layout`: 'beside' puts the first chart left and the table right; 'stacked' puts bars and a map
    side by side, every other chart at full width, then the table.
    """

    key: str
    heading: str | None
    footnote: str
    is_example: bool
    charts: tuple[Chart, ...] = ()
    table: pl.DataFrame | None = None
    numeric_columns: tuple[str, ...] = ()
    headline: str | None = None
    layout: Literal["beside", "stacked"] = "stacked"
    table_name: str = ""  # the stem of the table's Excel file; the heading when empty
    series: pl.DataFrame | None = None  # the whole time series behind the panel (exports/series.py)

    def chart(self, kind: str) -> dict | None:
        """The spec of the panel's chart of this kind, or None."""
        return next((chart.spec for chart in self.charts if chart.kind == kind), None)

    @property
    def chart_spec(self) -> dict | None:
        """The first chart's spec (what a slide shows)."""
        return self.charts[0].spec if self.charts else None


def numeric(table: pl.DataFrame, *text_columns: str) -> tuple[str, ...]:
    """The columns of a display table that hold numbers: every one but the named text columns."""
    return tuple(column for column in table.columns if column not in text_columns)
