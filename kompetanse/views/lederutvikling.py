"""Lederutvikling: leader programmes (enrolled, completed, completion rate); targets are in targets.py."""

from __future__ import annotations

import polars as pl

from kompetanse.charts.bars import programme_chart
from kompetanse.charts.describe import programme_description
from kompetanse.charts.style import vega_spec
from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import catalogue, compare_region, privacy_rules
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.view import aggregate_row_label
from kompetanse.rules.formatting import format_number, format_value, source_text
from kompetanse.rules.privacy import SUPPRESSED, display_note
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

DEFAULT_TARGET_INDICATOR = "ledere_fullfort"
OWN_SOURCE = N_("egen innsamling i nettverket")  # lower case: it follows «Kilde:»


@per_version(reveal=False)
def programmes(database: Database) -> dict[str, tuple[str, str]]:
    """programme name -> (enrolled indicator id, completed indicator id), from the catalogue."""
    rows = catalogue(database).filter(pl.col("programme").is_not_null() & (pl.col("programme") != ""))
    found: dict[str, dict[str, str]] = {}
    for row in rows.iter_rows(named=True):
        kind = "completed" if row["indicator_id"].endswith("_fullfort") else "enrolled"
        found.setdefault(row["programme"], {})[kind] = row["indicator_id"]
    return {name: (ids["enrolled"], ids["completed"]) for name, ids in found.items() if len(ids) == 2}


def completion_rate(enrolled: float | None, completed: float | None) -> float | None:
    """Completed as a share of enrolled, in percent; None when unknown or nobody enrolled."""
    if enrolled is None or completed is None or enrolled == 0:
        return None
    return completed / enrolled * 100


def _cell(figures: dict | None, key: str = "value") -> str:
    if figures is None:
        return ".."
    return SUPPRESSED if figures.get("note") else format_number(figures.get(key))


@per_version
def programme_view(
    database: Database,
    region: dict,
    year: int | None,
    kommuner: tuple[str, ...] | None,
    focus: str | None = None,
) -> Panel:
    """Enrolled, completed and completion rate per programme and municipality, and for the region."""
    by_programme = {
        name: (
            compare_region(database, region["region_id"], enrolled, year, kommuner),
            compare_region(database, region["region_id"], completed, year, kommuner),
        )
        for name, (enrolled, completed) in programmes(database).items()
    }
    first = next(iter(by_programme.values()))[0].municipalities if by_programme else None
    names = first["name"].to_list() if first is not None else []
    focus_name = (
        dict(zip(first["kommunenummer"], first["name"])).get(focus or "") if first is not None else None
    )
    rows, chart_rows, example = [], [], False
    kommune_column, note_column = _("Kommune"), _("Merknad")
    for name in [*names, None]:
        label = name or aggregate_row_label(region)
        cells, notes = {kommune_column: label}, []
        for programme, (enrolled, completed) in by_programme.items():
            example = example or enrolled.has_example
            if name is None:
                e, c = enrolled.region, completed.region
            else:
                e = enrolled.municipalities.filter(pl.col("name") == name).row(0, named=True)
                c = completed.municipalities.filter(pl.col("name") == name).row(0, named=True)
            hidden = bool((e or {}).get("note") or (c or {}).get("note"))
            rate = None if hidden else completion_rate((e or {}).get("value"), (c or {}).get("value"))
            cells[_("{programme}: deltakere", programme=programme)] = _cell(e)
            cells[_("{programme}: fullført", programme=programme)] = _cell(c)
            cells[_("{programme}: fullføringsgrad", programme=programme)] = (
                SUPPRESSED if hidden else format_value(rate, "prosent")
            )
            notes += [display_note(fig) for fig in (e or {}, c or {})]
            if name is not None:
                chart_rows.append(
                    {
                        "name": name,
                        "programme": programme,
                        "enrolled": None if hidden else (e or {}).get("value"),
                        "completed": None if hidden else (c or {}).get("value"),
                    }
                )
        cells[note_column] = " ".join(dict.fromkeys(note for note in notes if note))
        rows.append(cells)
    table = pl.DataFrame(rows)
    year_shown = next(iter(by_programme.values()))[0].year if by_programme else year
    chart_frame = pl.DataFrame(
        chart_rows,
        schema={"name": pl.String, "programme": pl.String, "enrolled": pl.Float64, "completed": pl.Float64},
    )
    chart_title = _("Lederprogrammer: deltakere og fullført, {year}", year=year_shown or _("ingen tall ennå"))
    chart = programme_chart(chart_frame, title=chart_title, order=names, example=example, focus=focus_name)
    footnote = _(
        "Deltakere: ledere som deltok i programmet i løpet av året. Fullført: ledere som fullførte. "
        "Fullføringsgrad = fullført / deltakere. «:» = skjult for å hindre at små tall kan kjennes igjen "
        "(antall under {limit} personer skjules, og så mange andre tall som trengs for at de ikke kan "
        "regnes ut). {source}",
        limit=privacy_rules(database).min_persons,
        source=source_text(example, OWN_SOURCE),
    )
    return Panel(
        key="programmer",
        heading=_("Lederprogrammer"),
        footnote=footnote,
        is_example=example,
        charts=(
            Chart(
                "programmes",
                vega_spec(chart, programme_description(chart_title, chart_frame)),
                _("Lederprogrammer"),
            ),
        ),
        table=table,
        numeric_columns=numeric(table, kommune_column, note_column),
    )
