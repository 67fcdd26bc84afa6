"""Kompetanseplaner: competence plans per municipality, service area and unit, recorded by editors, with
coverage side by side (up to date, out of date, missing) and the priority competences that recur.

The rules (when a plan is up to date, which records count, how `kompetanseplan_andel` follows from
them) are in rules/plans.py; every write goes through `database.writing`, is logged and backed up,
and works the municipality-year's `kompetanseplan_andel` out anew in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

import polars as pl

from kompetanse.access.roles import User, require_municipalities
from kompetanse.charts.heat import count_bars_chart, message_chart, status_grid_chart
from kompetanse.charts.style import vega_spec
from kompetanse.errors import KompetanseError
from kompetanse.i18n import translated
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
from kompetanse.store.build import refresh_plan_shares
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

WHAT = "registrere kompetanseplaner"
MAX_UNIT = 120
MAX_PRIORITY = 80
MAX_PRIORITIES = 20
MAX_NOTE = 500
FIRST_YEAR = 2000
PARTLY = "Delvis oppdatert"
# Okabe-Ito colours for the grid: up to date, partly, out of date, missing, not recorded.
STATUS_COLOURS = {
    STATUS_LABELS["oppdatert"]: "#009E73",
    PARTLY: "#56B4E9",
    STATUS_LABELS["utdatert"]: "#E69F00",
    STATUS_LABELS["mangler"]: "#D55E00",
    STATUS_LABELS["ikke_registrert"]: "#DDDDDD",
}
COUNT_COLUMNS = {"oppdatert": "Oppdatert", "utdatert": "Utdatert", "mangler": "Mangler plan"}
EXAMPLE_NOTE = "Eksempeldata: genererte planer, ikke kommunenes egne."


@dataclass(frozen=True)
class PlanRecord:
    """What an editor records for one service area (unit '') or unit in one year."""

    kommunenummer: str | None
    year: int | None
    area_id: str | None
    unit: str = ""
    has_plan: bool = True
    last_revised: date | None = None
    period_start: int | None = None
    period_end: int | None = None
    priorities: tuple[str, ...] = ()
    project_ids: tuple[str, ...] = ()
    note: str = ""


def _clean(texts) -> list[str]:
    return list(dict.fromkeys(" ".join(text.split()) for text in texts if text and text.strip()))


def check_plan(record: PlanRecord, areas: set[str], projects: set[str], today: date) -> list[str]:
    """Every problem with a record from the form, in Norwegian; empty when it can be saved."""
    problems = []
    if not record.kommunenummer:
        problems.append("Velg kommune.")
    if record.year is None or not FIRST_YEAR <= record.year <= today.year:
        problems.append(f"Året må være mellom {FIRST_YEAR} og {today.year}.")
    if record.area_id not in areas:
        problems.append("Velg tjenesteområde.")
    if len(record.unit.strip()) > MAX_UNIT:
        problems.append(f"Enhetsnavnet kan ha høyst {MAX_UNIT} tegn.")
    priorities = _clean(record.priorities)
    if len(priorities) > MAX_PRIORITIES or any(len(text) > MAX_PRIORITY for text in priorities):
        problems.append(
            f"Skriv høyst {MAX_PRIORITIES} prioriterte kompetanser på høyst {MAX_PRIORITY} tegn hver."
        )
    if set(record.project_ids) - projects:
        problems.append("Ukjent tiltak.")
    if len(record.note.strip()) > MAX_NOTE:
        problems.append(f"Merknaden kan ha høyst {MAX_NOTE} tegn.")
    if not record.has_plan:
        if (
            record.last_revised
            or record.period_start
            or record.period_end
            or priorities
            or record.project_ids
        ):
            problems.append(
                "Uten plan kan det ikke være revisjonsdato, periode, prioriteringer eller tiltak."
            )
        return problems
    if record.last_revised is None:
        problems.append("Oppgi når planen sist ble revidert.")
    elif record.year is not None and FIRST_YEAR <= record.year <= today.year:
        last = cutoff(record.year, today)
        if not date(1990, 1, 1) <= record.last_revised <= last:
            problems.append(
                f"Revisjonsdatoen må være mellom 01.01.1990 og {last:%d.%m.%Y} (registreringen gjelder "
                f"{record.year})."
            )
    start, end = record.period_start, record.period_end
    for year, label in ((start, "Periodens første år"), (end, "Periodens siste år")):
        if year is not None and not 1990 <= year <= 2100:
            problems.append(f"{label} må være mellom 1990 og 2100.")
    if start and end and end < start:
        problems.append("Perioden kan ikke slutte før den begynner.")
    return problems


def save_plan(database: Database, record: PlanRecord, user: User | None, today: date | None = None) -> str:
    """Record (or replace) one plan; an editor only for their own municipalities. Returns a confirmation."""
    today = today or date.today()
    areas = set(database.query("service_areas")["area_id"])
    projects = set(database.query("project_search_words")["entry_id"])
    problems = check_plan(record, areas, projects, today)
    if problems:
        raise KompetanseError(" ".join(problems))
    user = require_municipalities(user, [record.kommunenummer], database, WHAT)
    unit = " ".join(record.unit.split())
    where = f"{record.kommunenummer} {record.year} {record.area_id}" + (f" / {unit}" if unit else "")
    state = f"plan revidert {record.last_revised:%d.%m.%Y}" if record.has_plan else "ingen plan"
    detail = f"{where}: {state}"
    with database.writing(by=user, action="kompetanseplan", detail=detail) as writer:
        writer.run(
            "upsert_competence_plan",
            kommunenummer=record.kommunenummer,
            year=record.year,
            area_id=record.area_id,
            unit=unit,
            has_plan=record.has_plan,
            last_revised=record.last_revised,
            period_start=record.period_start,
            period_end=record.period_end,
            priorities=_clean(record.priorities),
            project_ids=list(dict.fromkeys(record.project_ids)),
            note=record.note.strip() or None,
            source=f"Registrert i appen av {user.display_name}",
            registered_by=user.username,
            registered_at=datetime.now().replace(microsecond=0),
        )
        refresh_plan_shares(writer, today, record.kommunenummer, record.year)
    return f"Kompetanseplanen for {where} er lagret."


def delete_plan(
    database: Database, key: tuple[str, int, str, str], user: User | None, today: date | None = None
) -> str:
    """Remove one record (kommunenummer, year, area_id, unit); an editor only for their own municipalities."""
    kommunenummer, year, area_id, unit = key
    user = require_municipalities(user, [kommunenummer], database, WHAT)
    where = f"{kommunenummer} {year} {area_id}" + (f" / {unit}" if unit else "")
    with database.writing(by=user, action="kompetanseplan_slettet", detail=where) as writer:
        writer.run(
            "delete_competence_plan", kommunenummer=kommunenummer, year=year, area_id=area_id, unit=unit
        )
        refresh_plan_shares(writer, today or date.today(), kommunenummer, year)
    return f"Registreringen for {where} er slettet."


def plan_to_edit(database: Database, kommunenummer: str, area_id: str, unit: str, year: int) -> dict:
    """The record the form starts from: this year's, else the newest earlier one (copied forward), else {}."""
    known = database.query("competence_plans", kommunenummer=kommunenummer, year=None, region_id=None)
    same = known.filter((pl.col("area_id") == area_id) & (pl.col("unit") == unit) & (pl.col("year") <= year))
    return same.sort("year").row(-1, named=True) if same.height else {}


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
    if not statuses:
        return STATUS_LABELS["ikke_registrert"], ""
    up = statuses.count("oppdatert")
    if len(statuses) == 1:
        return STATUS_LABELS[statuses[0]], STATUS_LABELS[statuses[0]]
    text = f"{up} av {len(statuses)} oppdatert"
    if up == len(statuses):
        return STATUS_LABELS["oppdatert"], text
    if up:
        return PARTLY, text
    return (STATUS_LABELS["utdatert"] if "utdatert" in statuses else STATUS_LABELS["mangler"]), text


def coverage_panel(
    statuses: pl.DataFrame, members: pl.DataFrame, region: dict, year: int, today: date
) -> Panel:
    """Per municipality and service area: up to date, out of date or missing; counts and the share."""
    areas = statuses.sort("area_order").select("area_id", "area_name").unique(maintain_order=True)
    rows, grid = [], []
    counts = coverage_counts(statuses, ["kommunenummer"])
    by_kommune = {row["kommunenummer"]: row for row in counts.iter_rows(named=True)}
    for kommune, name in members.select("kommunenummer", "name").iter_rows():
        row = {"Kommune": name}
        for area_id, area_name in areas.iter_rows():
            part = statuses.filter((pl.col("kommunenummer") == kommune) & (pl.col("area_id") == area_id))
            status, text = _cell(part["status"].to_list())
            row[area_name] = text or STATUS_LABELS["ikke_registrert"]
            details = [
                f"{u or 'hele området'}: {STATUS_LABELS[s]}" for u, s in part.select("unit", "status").rows()
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
        {"Kommune": aggregate_row_label(region)} | dict.fromkeys(areas["area_name"], "") | _count_cells(total)
    )
    table = pl.DataFrame(rows)
    example = bool(statuses["is_example"].any())
    chart = status_grid_chart(
        pl.DataFrame(grid, schema=dict.fromkeys(["row", "column", "status", "label", "detail"], pl.String)),
        title=f"Kompetanseplaner {year}: status per kommune og tjenesteområde",
        rows_order=members["name"].to_list(),
        columns_order=areas["area_name"].to_list(),
        statuses=STATUS_COLOURS,
        example=example,
    )
    up, recorded = total["oppdatert"], total["recorded"]
    return Panel(
        key="planer",
        heading=f"Dekning side om side, {year}",
        headline=f"{format_number(up)} av {format_number(recorded)} registrerte planer er oppdatert "
        f"({format_value(total['share'], 'prosent')}); "
        f"{format_number(total['mangler'])} enheter har ingen plan.",
        footnote=(
            f"Status {year}, vurdert {cutoff(year, today):%d.%m.%Y}: oppdatert = revidert de siste to "
            "årene, utdatert = eldre, mangler plan = registrert uten plan, ikke registrert = ingen "
            "registrering (telles ikke). Hver registrering (et tjenesteområde eller en enhet) teller som én "
            "enhet; andelen er den samme som indikatoren Enheter med oppdatert kompetanseplan. "
            + (EXAMPLE_NOTE if example else "Kilde: kommunenes registreringer i appen.")
        ),
        is_example=example,
        charts=(
            Chart(
                "grid",
                vega_spec(chart, f"Rutediagram: kompetanseplaner {year}. Tallene står i tabellen."),
                f"Kompetanseplaner {year}",
            ),
        ),
        table=table,
        numeric_columns=numeric(table, "Kommune", *areas["area_name"].to_list()),
        table_name=f"Kompetanseplaner {year}",
    )


def _count_cells(found: dict) -> dict:
    cells = {label: format_number(found.get(status, 0)) for status, label in COUNT_COLUMNS.items()}
    cells["Registrert"] = format_number(found.get("recorded", 0))
    cells["Andel oppdatert"] = format_value(found.get("share"), "prosent")
    return cells


def priorities_panel(statuses: pl.DataFrame, region: dict, year: int) -> Panel:
    """The priority competences that recur across the network's plans, most common first."""
    recurring = recurring_priorities(statuses)
    example = bool(statuses["is_example"].any())
    chart = count_bars_chart(
        recurring.head(15).select(label="priority", n="plans"),
        title=f"Prioriterte kompetanser som går igjen i {region['name']}, {year}",
        count_title="Planer",
        example=example,
    )
    table = recurring.select(
        Kompetanse="priority",
        Planer=pl.col("plans").cast(pl.String),
        Kommuner=pl.col("municipalities").cast(pl.String),
    )
    return Panel(
        key="planer-prioriteringer",
        heading="Prioriterte kompetanser",
        footnote="Antall planer som nevner kompetansen, og i hvor mange kommuner. Skrivemåter som bare "
        "skiller seg i store og små bokstaver, mellomrom eller æøå telles sammen. "
        + (EXAMPLE_NOTE if example else "Kilde: kommunenes registreringer i appen."),
        is_example=example,
        charts=(
            Chart(
                "bar",
                vega_spec(chart, f"Søylediagram: prioriterte kompetanser {year}. Tallene står i tabellen."),
                f"Prioriterte kompetanser {year}",
            ),
        ),
        table=table,
        numeric_columns=("Planer", "Kommuner"),
        layout="beside",
    )


def plan_table(statuses: pl.DataFrame, projects: dict[str, str]) -> pl.DataFrame:
    """Every record as text: where, status, revised, period, priorities and the measures it is tied to."""
    rows = []
    for plan in statuses.sort("municipality_name", "area_order", "unit").iter_rows(named=True):
        period = "–".join(str(y) for y in (plan["period_start"], plan["period_end"]) if y)
        rows.append(
            {
                "Kommune": plan["municipality_name"],
                "Tjenesteområde": plan["area_name"],
                "Enhet": plan["unit"] or "hele området",
                "Status": STATUS_LABELS[plan["status"]],
                "Sist revidert": f"{plan['last_revised']:%d.%m.%Y}" if plan["last_revised"] else "",
                "Periode": period,
                "Prioriterte kompetanser": ", ".join(plan["priorities"] or []),
                "Tiltak": "; ".join(projects.get(entry, entry) for entry in plan["project_ids"] or []),
                "Merknad": plan["note"] or ("Eksempeldata" if plan["is_example"] else ""),
            }
        )
    columns = ["Kommune", "Tjenesteområde", "Enhet", "Status", "Sist revidert", "Periode"]
    columns += ["Prioriterte kompetanser", "Tiltak", "Merknad"]
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String))


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
        heading="Registrerte planer",
        footnote="Tiltak viser til oppføringene i Tiltak og resultater.",
        is_example=bool(statuses["is_example"].any()),
        table=plan_table(statuses, _projects(database)),
        table_name=f"Kompetanseplaner {year} liste",
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
        heading=f"Kompetanseplaner {year}",
        headline=f"{counts['oppdatert']} av {counts['recorded']} registrerte planer er oppdatert "
        f"({format_value(counts['share'], 'prosent')}).",
        footnote="Oppdatert = revidert de siste to årene. "
        + (EXAMPLE_NOTE if statuses["is_example"].any() else "Kilde: kommunens registreringer i appen."),
        is_example=bool(statuses["is_example"].any()),
        table=plan_table(statuses, _projects(database)).drop("Kommune"),
        table_name=f"Kompetanseplaner {kommunenummer} {year}",
    )


@per_version(reveal=False)  # a meeting shows what everyone sees
def plans_slide(database: Database, region: dict, year: int | None, today: date) -> Panel:
    """Presentasjon and the meeting pack: coverage side by side, with the most common priorities."""
    view = plans_view(database, region, year, today)
    if not view.panels:
        text = f"Ingen kompetanseplaner er registrert for {region['name']} ennå."
        chart = Chart(
            "grid", vega_spec(message_chart(text, title="Kompetanseplaner"), text), "Kompetanseplaner"
        )
        return Panel(
            "planer", "Kompetanseplaner", "Kilde: kommunenes registreringer.", False, (chart,), headline=text
        )
    coverage = view.panels[0]
    common = recurring_priorities(view.statuses).head(3)["priority"].to_list()
    headline = coverage.headline + (f" Vanligst prioritert: {', '.join(common)}." if common else "")
    return replace(coverage, heading=f"Kompetanseplaner {view.year}: dekning side om side", headline=headline)
