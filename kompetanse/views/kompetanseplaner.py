"""Kompetanseplaner: competence plans per municipality, service area and unit, recorded by editors, with
coverage side by side (up to date, out of date, missing) and the priority competences that recur.

The rules (when a plan is up to date, which records count, how `kompetanseplan_andel` follows from
them) are in rules/plans.py; every write goes through `database.writing`, is logged and backed up,
and works the municipality-year's `kompetanseplan_andel` out anew in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from kompetanse.charts.describe import bar_description, category_description, labelled
from kompetanse.charts.heat import count_bars_chart, message_chart, status_grid_chart
from kompetanse.charts.style import vega_spec
from kompetanse.i18n import N_, _, translated
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.view import aggregate_row_label
from kompetanse.rules.formatting import format_number, format_value
from kompetanse.rules.plans import (
    COUNTED,
    STATUS_LABELS,
    counted,
    coverage_counts,
    cutoff,
    recurring_priorities,
    with_status,
)
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

PARTLY = N_("Delvis oppdatert")
# Okabe-Ito colours for the grid: up to date, partly, out of date, missing, not recorded.
STATUS_COLOURS = {
    STATUS_LABELS["oppdatert"]: "#009E73",
    PARTLY: "#56B4E9",
    STATUS_LABELS["utdatert"]: "#E69F00",
    STATUS_LABELS["mangler"]: "#D55E00",
    STATUS_LABELS["ikke_registrert"]: "#DDDDDD",
}
COUNT_COLUMNS = {"oppdatert": N_("Oppdatert"), "utdatert": N_("Utdatert"), "mangler": N_("Mangler plan")}
EXAMPLE_NOTE = N_("Eksempeldata: genererte planer, ikke kommunenes egne.")
WHOLE_AREA = N_("hele området")  # a record for the service area itself, not one of its units
# Column names, translated where a table is built.
KOMMUNE, AREA, UNIT, STATUS, REVISED, PERIOD = (
    N_("Kommune"),
    N_("Tjenesteområde"),
    N_("Enhet"),
    N_("Status"),
    N_("Sist revidert"),
    N_("Periode"),
)
PRIORITIES, MEASURES, NOTE = N_("Prioriterte kompetanser"), N_("Tiltak"), N_("Merknad")
RECORDED, SHARE_UP = N_("Registrert"), N_("Andel oppdatert")


def status_label(status: str) -> str:
    """'oppdatert' -> 'Oppdatert' (or its nynorsk) as the grid, tables and legend show it."""
    return _(STATUS_LABELS[status])


def status_colours() -> dict[str, str]:
    """The grid's legend: each status as shown, with its colour."""
    return {_(label): colour for label, colour in STATUS_COLOURS.items()}


@per_version(reveal=False)
def plan_years(database: Database, region_id: str) -> list[int]:
    """The years with plan records for a region's municipalities, newest first."""
    plans = database.query("competence_plans", kommunenummer=None, year=None, region_id=region_id)
    return sorted(set(plans["year"].to_list()), reverse=True)


@dataclass(frozen=True)
class PlansView:
    year: int | None
    statuses: pl.DataFrame  # the records counted, with `status`
    panels: list[Panel]


def _cell(statuses: list[str]) -> tuple[str, str]:
    """(status for the colour, text in the cell) for one municipality and area."""
    if not statuses:  # said in words too: the grey alone would carry the meaning (WCAG 1.4.1)
        return status_label("ikke_registrert"), status_label("ikke_registrert")
    up = statuses.count("oppdatert")
    if len(statuses) == 1:
        return status_label(statuses[0]), status_label(statuses[0])
    text = _("{up} av {count} oppdatert", up=up, count=len(statuses))
    if up == len(statuses):
        return status_label("oppdatert"), text
    if up:
        return _(PARTLY), text
    return status_label("utdatert" if "utdatert" in statuses else "mangler"), text


def coverage_panel(
    statuses: pl.DataFrame, members: pl.DataFrame, region: dict, year: int, today: date
) -> Panel:
    """Per municipality and service area: up to date, out of date or missing; counts and the share."""
    areas = statuses.sort("area_order").select("area_id", "area_name").unique(maintain_order=True)
    rows, grid = [], []
    counts = coverage_counts(statuses, ["kommunenummer"])
    by_kommune = {row["kommunenummer"]: row for row in counts.iter_rows(named=True)}
    for kommune, name in members.select("kommunenummer", "name").iter_rows():
        row = {_(KOMMUNE): name}
        for area_id, area_name in areas.iter_rows():
            part = statuses.filter((pl.col("kommunenummer") == kommune) & (pl.col("area_id") == area_id))
            status, text = _cell(part["status"].to_list())
            row[area_name] = text
            details = [
                f"{u or _(WHOLE_AREA)}: {status_label(s)}" for u, s in part.select("unit", "status").rows()
            ]
            grid.append(
                {
                    "row": name,
                    "column": area_name,
                    "status": status,
                    "label": text,
                    "detail": "; ".join(details),
                }
            )
        found = by_kommune.get(kommune, {})
        rows.append(row | _count_cells(found))
    total = {column: sum(by[column] for by in by_kommune.values()) for column in (*COUNTED, "recorded")}
    total["share"] = total["oppdatert"] / total["recorded"] * 100 if total["recorded"] else None
    rows.append(
        {_(KOMMUNE): aggregate_row_label(region)}
        | dict.fromkeys(areas["area_name"], "")
        | _count_cells(total)
    )
    table = pl.DataFrame(rows)
    example = bool(statuses["is_example"].any())
    title = _("Kompetanseplaner {year}: status per kommune og tjenesteområde", year=year)
    shares = pl.DataFrame(
        {
            "name": members["name"].to_list(),
            "value": [by_kommune.get(k, {}).get("share") for k in members["kommunenummer"].to_list()],
        },
        schema={"name": pl.String, "value": pl.Float64},
    )
    description = bar_description(_("Rutediagram"), title, labelled(shares, "value", "prosent"))
    chart = status_grid_chart(
        pl.DataFrame(grid, schema=dict.fromkeys(["row", "column", "status", "label", "detail"], pl.String)),
        title=title,
        rows_order=members["name"].to_list(),
        columns_order=areas["area_name"].to_list(),
        statuses=status_colours(),
        example=example,
    )
    up, recorded = total["oppdatert"], total["recorded"]
    return Panel(
        key="planer",
        heading=_("Dekning side om side, {year}", year=year),
        headline=_(
            "{up} av {recorded} registrerte planer er oppdatert ({share}); {missing} enheter har ingen plan.",
            up=format_number(up),
            recorded=format_number(recorded),
            share=format_value(total["share"], "prosent"),
            missing=format_number(total["mangler"]),
        ),
        footnote=_(
            "Status {year}, vurdert {day}: oppdatert = revidert de siste to årene, utdatert = eldre, "
            "mangler plan = registrert uten plan, ikke registrert = ingen registrering (telles ikke). Hver "
            "registrering (et tjenesteområde eller en enhet) teller som én enhet; andelen er den samme som "
            "indikatoren Enheter med oppdatert kompetanseplan. {source}",
            year=year,
            day=f"{cutoff(year, today):%d.%m.%Y}",
            source=_(EXAMPLE_NOTE) if example else _("Kilde: kommunenes registreringer i appen."),
        ),
        is_example=example,
        charts=(
            Chart(
                "grid",
                vega_spec(chart, description),  # each municipality's share up to date, highest and lowest
                _("Kompetanseplaner {year}", year=year),
            ),
        ),
        table=table,
        numeric_columns=numeric(table, _(KOMMUNE), *areas["area_name"].to_list()),
        table_name=_("Kompetanseplaner {year}", year=year),
    )


def _count_cells(found: dict) -> dict:
    cells = {_(label): format_number(found.get(status, 0)) for status, label in COUNT_COLUMNS.items()}
    cells[_(RECORDED)] = format_number(found.get("recorded", 0))
    cells[_(SHARE_UP)] = format_value(found.get("share"), "prosent")
    return cells


def priorities_panel(statuses: pl.DataFrame, region: dict, year: int) -> Panel:
    """The priority competences that recur across the network's plans, most common first."""
    recurring = recurring_priorities(statuses)
    example = bool(statuses["is_example"].any())
    title = _("Prioriterte kompetanser som går igjen i {name}, {year}", name=region["name"], year=year)
    shown = recurring.head(15)
    description = category_description(title, shown.select(category="priority", n="plans"))
    chart = count_bars_chart(
        shown.select(label="priority", n="plans"),
        title=title,
        count_title=_("Planer"),
        example=example,
    )
    plans_column, municipalities_column = _("Planer"), _("Kommuner")
    table = recurring.select(
        pl.col("priority").alias(_("Kompetanse")),
        pl.col("plans").cast(pl.String).alias(plans_column),
        pl.col("municipalities").cast(pl.String).alias(municipalities_column),
    )
    return Panel(
        key="planer-prioriteringer",
        heading=_(PRIORITIES),
        footnote=_(
            "Antall planer som nevner kompetansen, og i hvor mange kommuner. Skrivemåter som bare skiller "
            "seg i store og små bokstaver, mellomrom eller æøå telles sammen. {source}",
            source=_(EXAMPLE_NOTE) if example else _("Kilde: kommunenes registreringer i appen."),
        ),
        is_example=example,
        charts=(
            Chart(
                "bar",
                vega_spec(chart, description),
                _("Prioriterte kompetanser {year}", year=year),
            ),
        ),
        table=table,
        numeric_columns=(plans_column, municipalities_column),
        layout="beside",
    )


def plan_table(statuses: pl.DataFrame, projects: dict[str, str]) -> pl.DataFrame:
    """Every record as text: where, status, revised, period, priorities and the measures it is tied to."""
    rows = []
    for plan in statuses.sort("municipality_name", "area_order", "unit").iter_rows(named=True):
        period = "–".join(str(y) for y in (plan["period_start"], plan["period_end"]) if y)
        rows.append(
            [
                plan["municipality_name"],
                plan["area_name"],
                plan["unit"] or _(WHOLE_AREA),
                status_label(plan["status"]),
                f"{plan['last_revised']:%d.%m.%Y}" if plan["last_revised"] else "",
                period,
                ", ".join(plan["priorities"] or []),
                "; ".join(projects.get(entry, entry) for entry in plan["project_ids"] or []),
                plan["note"] or (_("Eksempeldata") if plan["is_example"] else ""),
            ]
        )
    columns = [KOMMUNE, AREA, UNIT, STATUS, REVISED, PERIOD, PRIORITIES, MEASURES, NOTE]
    return pl.DataFrame(rows, schema=dict.fromkeys(map(_, columns), pl.String), orient="row")


def _projects(database: Database) -> dict[str, str]:
    return dict(database.query("project_search_words").select("entry_id", "title").iter_rows())


@per_version
def plans_view(database: Database, region: dict, year: int | None, today: date) -> PlansView:
    """Coverage, recurring priorities and the records of one year (the newest when None) for a region."""
    years = plan_years(database, region["region_id"])
    if year not in years:
        year = years[0] if years else None
    if year is None:
        return PlansView(None, pl.DataFrame(), [])
    plans = database.query("competence_plans", kommunenummer=None, year=year, region_id=region["region_id"])
    statuses = with_status(counted(translated(plans, "area_name")), today)
    members = database.query("region_municipalities", region_id=region["region_id"])
    records = Panel(
        key="planer-liste",
        heading=_("Registrerte planer"),
        footnote=_("Tiltak viser til oppføringene i Tiltak og resultater."),
        is_example=bool(statuses["is_example"].any()),
        table=plan_table(statuses, _projects(database)),
        table_name=_("Kompetanseplaner {year} liste", year=year),
    )
    panels = [
        coverage_panel(statuses, members, region, year, today),
        priorities_panel(statuses, region, year),
        records,
    ]
    return PlansView(year, statuses, panels)


@per_version
def municipality_plans(database: Database, kommunenummer: str, today: date) -> Panel | None:
    """Kommuneprofil: the municipality's plans in its newest year with records, with the share up to date."""
    plans = database.query("competence_plans", kommunenummer=kommunenummer, year=None, region_id=None)
    if plans.is_empty():
        return None
    year = plans["year"].max()
    statuses = with_status(counted(translated(plans.filter(pl.col("year") == year), "area_name")), today)
    counts = coverage_counts(statuses, ["kommunenummer"]).row(0, named=True)
    return Panel(
        key=f"planer-{kommunenummer}",
        heading=_("Kompetanseplaner {year}", year=year),
        headline=_(
            "{up} av {recorded} registrerte planer er oppdatert ({share}).",
            up=counts["oppdatert"],
            recorded=counts["recorded"],
            share=format_value(counts["share"], "prosent"),
        ),
        footnote=_(
            "Oppdatert = revidert de siste to årene. {source}",
            source=_(EXAMPLE_NOTE)
            if statuses["is_example"].any()
            else _("Kilde: kommunens registreringer i appen."),
        ),
        is_example=bool(statuses["is_example"].any()),
        table=plan_table(statuses, _projects(database)).drop(_(KOMMUNE)),
        table_name=_("Kompetanseplaner {kommune} {year}", kommune=kommunenummer, year=year),
    )


@per_version(reveal=False)  # a meeting shows what everyone sees
def plans_slide(database: Database, region: dict, year: int | None, today: date) -> Panel:
    """Presentasjon and the meeting pack: coverage side by side, with the most common priorities."""
    view = plans_view(database, region, year, today)
    if not view.panels:
        text = _("Ingen kompetanseplaner er registrert for {name} ennå.", name=region["name"])
        title = _("Kompetanseplaner")
        chart = Chart("grid", vega_spec(message_chart(text, title=title), text), title)
        return Panel("planer", title, _("Kilde: kommunenes registreringer."), False, (chart,), headline=text)
    coverage = view.panels[0]
    common = recurring_priorities(view.statuses).head(3)["priority"].to_list()
    headline = coverage.headline + (
        " " + _("Vanligst prioritert: {names}.", names=", ".join(common)) if common else ""
    )
    return replace(
        coverage,
        heading=_("Kompetanseplaner {year}: dekning side om side", year=view.year),
        headline=headline,
    )
