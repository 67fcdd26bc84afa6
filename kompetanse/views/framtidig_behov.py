"""Framtidig behov: how many årsverk barnehage and omsorg need in the chosen years, and how many to recruit.

Per municipality and for the region (the sum of each municipality's shortfall, so a surplus in one
never covers a shortfall in another): today's figure against the need in the chosen years as bars,
the region's need over every projection year inside SSB's low-high band, the recruitment per year
to the horizon, the working-age population beside it, and every assumption under every chart.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.charts.describe import band_description, panels_description
from kompetanse.charts.future import band_chart, horizon_bars
from kompetanse.charts.style import vega_spec
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.view import aggregate_row_label
from kompetanse.rules.formatting import format_number
from kompetanse.rules.future_assumptions import Assumptions, assumption_table, assumptions_text
from kompetanse.rules.future_need import band, region_totals
from kompetanse.rules.regions import members
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.views.future_data import ProjectionInfo, projection_info, region_need, staffing
from kompetanse.views.future_working_age import working_age_panel

# sector -> (heading, total group, what is counted, the staffing indicators its footnote names)
SECTORS = {
    "barnehage": (
        "Barnehage: barnehagelærere",
        "barnehagelaerer",
        "barnehagelærerårsverk",
        ("barnehagelaerer_arsverk", "seniorer_andel"),
    ),
    "omsorg": (
        "Omsorg: årsverk i omsorgstjenestene",
        "total",
        "årsverk i omsorg",
        ("omsorg_arsverk", "fagbrev_andel_helse", "hoyskole_andel_helse", "seniorer_andel"),
    ),
}
EDUCATION_COLUMNS = {"fagbrev": "Derav med fagbrev", "higher": "Derav med høyere helsefaglig utdanning"}
TODAY = "I dag"
NO_PROJECTION = (
    "Det finnes ingen befolkningsframskriving i databasen ennå. Bygg databasen med eksempeldata "
    "(`python -m kompetanse build`) eller hent SSBs framskriving (`python -m kompetanse oppdater`)."
)


@dataclass(frozen=True)
class FutureView:
    region_name: str
    intro: str
    panels: tuple[Panel, ...]  # barnehage, omsorg, the working-age population, the assumptions
    is_example: bool
    message: str | None = None  # why there is nothing to show

    def panel(self, key: str) -> Panel | None:
        return next((panel for panel in self.panels if panel.key == key), None)


def one(value: float | None) -> str:
    return format_number(value, 1)


def spoken(value: float | None) -> str:
    """A number said out loud in a headline: whole årsverk."""
    return format_number(value, 0)


def _at(frame: pl.DataFrame, year: int, column: str) -> dict[str, float | None]:
    """kommunenummer -> the column's value in that year."""
    rows = frame.filter(pl.col("year") == year)
    return dict(zip(rows["kommunenummer"], rows[column], strict=True))


def _total(totals: pl.DataFrame, group: str, year: int, column: str) -> float | None:
    rows = totals.filter((pl.col("group") == group) & (pl.col("year") == year))
    return rows[column][0] if rows.height else None


def footnote(
    database: Database,
    region_id: str,
    sector: str,
    assumptions: Assumptions,
    info: ProjectionInfo,
    definition: str,
) -> str:
    """Definition, the region rule, every assumption and every source: under the chart and in exports."""
    sources = dict(staffing(database, region_id).sources)
    wanted = SECTORS[sector][3]
    return (
        f"{definition} Regionen er summen av det hver kommune mangler, så et overskudd i én kommune dekker "
        f"ikke et underskudd i en annen. Dagens årsverk er de nyeste tallene; de står for framskrivingens "
        f"første år ({info.start}). {assumptions_text(assumptions, info.start, info.is_example)} "
        f"Befolkning: {info.source}. Dagens tall: {'; '.join(sources[i] for i in wanted if i in sources)}"
    )


def sector_panel(
    database: Database,
    region: dict,
    kommuner: tuple[str, ...] | None,
    assumptions: Assumptions,
    years: tuple[int, ...],
    horizon: int,
    sector: str,
    focus: str | None = None,
) -> Panel:
    """One sector: the table per municipality and region, bars today against the years, the band."""
    heading, group, counted, _ = SECTORS[sector]
    info = projection_info(database)
    need = region_need(database, region["region_id"], assumptions)
    mine = need.filter((pl.col("sector") == sector) & (pl.col("alternative") == assumptions.alternative))
    totals = region_totals(mine)
    total = mine.filter(pl.col("group") == group)
    names = dict(members(database, region["region_id"]).select("kommunenummer", "name").iter_rows())
    shown = [k for k in names if k in set(total["kommunenummer"]) and (not kommuner or k in kommuner)]
    today = _at(total, info.start, "today")
    needed = {year: _at(total, year, "needed") for year in years}
    at_horizon = {column: _at(total, horizon, column) for column in ("shortfall", "retired")}
    per_year = _at(total, horizon, "recruitment_per_year")
    education = {g: _at(mine.filter(pl.col("group") == g), horizon, "shortfall") for g in EDUCATION_COLUMNS}

    def row(label: str, values: dict) -> dict:
        cells = {"Kommune": label, f"{TODAY}": one(values["today"])}
        cells |= {f"Behov {year}": one(values[year]) for year in years}
        cells[f"Flere innen {horizon}"] = one(values["shortfall"])
        if sector == "omsorg":
            cells |= {EDUCATION_COLUMNS[g]: one(values[g]) for g in EDUCATION_COLUMNS}
        cells[f"Avgang innen {horizon}"] = one(values["retired"])
        cells["Rekruttere eller utdanne per år"] = one(values["per_year"])
        return cells

    def values_of(k: str) -> dict:
        found = {"today": today.get(k), "per_year": per_year.get(k)}
        found |= {year: needed[year].get(k) for year in years}
        found |= {column: at_horizon[column].get(k) for column in at_horizon}
        return found | {g: education[g].get(k) for g in EDUCATION_COLUMNS}

    rows = [row(names[k], values_of(k)) for k in shown]
    region_values = {
        "today": _total(totals, group, info.start, "today"),
        "per_year": _total(totals, group, horizon, "recruitment_per_year"),
        "shortfall": _total(totals, group, horizon, "shortfall"),
        "retired": _total(totals, group, horizon, "retired"),
    }
    region_values |= {year: _total(totals, group, year, "needed") for year in years}
    region_values |= {g: _total(totals, g, horizon, "shortfall") for g in EDUCATION_COLUMNS}
    rows.append(row(aggregate_row_label(region), region_values))
    table = pl.DataFrame(rows)
    example = info.is_example or bool(total["is_example"].any())
    headline = sector_headline(region["name"], sector, horizon, region_values)
    periods = [TODAY, *[str(year) for year in years]]
    bars = pl.DataFrame(
        [
            {"name": names[k], "period": period, "value": value, "label": one(value)}
            for k in shown
            for period, value in zip(periods, [today.get(k), *[needed[y].get(k) for y in years]], strict=True)
        ],
        schema={"name": pl.String, "period": pl.String, "value": pl.Float64, "label": pl.String},
    )
    bar_title = f"{heading}: i dag og behov"
    bar_chart = horizon_bars(
        bars,
        title=bar_title,
        unit="årsverk",
        order=[names[k] for k in shown],
        periods=periods,
        example=example,
        focus=names.get(focus or ""),
    )
    trend = band_frame(totals.filter(pl.col("group") == group), need, sector, group, assumptions)
    trend_title = f"{aggregate_row_label(region)}: behov for {counted} per år"
    trend_chart = band_chart(
        trend,
        title=trend_title,
        unit="årsverk",
        example=example,
        horizon=horizon,
        today=(f"{TODAY}: {one(region_values['today'])}", region_values["today"])
        if region_values["today"] is not None
        else None,
    )
    definition = (
        "Barnehagelærerårsverk som pedagognormen krever for barna som er framskrevet å gå i barnehage, mot "
        "dagens barnehagelærerårsverk."
        if sector == "barnehage"
        else "Årsverk i pleie- og omsorgstjenestene som trengs når dagens årsverk per vektet innbygger "
        "holdes fast (den enkleste ærlige modellen), mot dagens årsverk; fordelt på utdanning med dagens "
        "andeler."
    )
    return Panel(
        key=f"behov-{sector}",
        heading=heading,
        headline=headline,
        footnote=footnote(database, region["region_id"], sector, assumptions, info, definition),
        is_example=example,
        charts=(
            Chart(
                "bar",
                vega_spec(bar_chart, panels_description(bar_title, bars.rename({"period": "panel"}))),
                f"{heading} i dag og behov",
            ),
            Chart(
                "trend", vega_spec(trend_chart, band_description(trend_title, trend)), f"{heading} over tid"
            ),
        ),
        table=table,
        numeric_columns=numeric(table, "Kommune"),
        table_name=f"Framtidig behov {sector}",
    )


def band_frame(
    totals: pl.DataFrame, need: pl.DataFrame, sector: str, group: str, assumptions: Assumptions
) -> pl.DataFrame:
    """year, main, lower, upper, label: the region's need in every alternative (summed per alternative)."""
    every = region_totals(need.filter((pl.col("sector") == sector) & (pl.col("group") == group)))
    wide = band(
        every.drop("sector", "group", "municipalities", "is_example"), "needed", assumptions.alternative
    )
    labels = [one(value) for value in wide["main"]]
    return wide.with_columns(label=pl.Series(labels, dtype=pl.String))


def sector_headline(region_name: str, sector: str, horizon: int, values: dict) -> str:
    """'Vesterålen trenger 38 flere årsverk i omsorg innen 2035: …', or why the sum is unknown."""
    if values["shortfall"] is None:
        return (
            f"Ikke alle kommunene i {region_name} har tall for dagens årsverk og befolkningen, så regionens "
            f"behov summeres ikke. Tabellen viser hver kommune."
        )
    recruit = f"Med avgangen må {spoken(values['per_year'])} årsverk rekrutteres eller utdannes per år."
    if sector == "barnehage":
        return (
            f"{region_name} trenger {spoken(values['shortfall'])} flere barnehagelærerårsverk innen "
            f"{horizon}. {recruit}"
        )
    return (
        f"{region_name} trenger {spoken(values['shortfall'])} flere årsverk i omsorg innen {horizon}: "
        f"{spoken(values['fagbrev'])} med fagbrev og {spoken(values['higher'])} med høyere helsefaglig "
        f"utdanning. {recruit}"
    )


def assumptions_panel(assumptions: Assumptions, info: ProjectionInfo) -> Panel:
    """Every assumption with its value, its default and its source; the user's own marked as such."""
    rows = assumption_table(assumptions)
    table = rows.with_columns(
        Verdi=pl.when(pl.col("Endret")).then(pl.col("Verdi") + " (eget valg)").otherwise(pl.col("Verdi"))
    ).drop("Endret")
    return Panel(
        key="behov-forutsetninger",
        heading="Forutsetninger",
        footnote=assumptions_text(assumptions, info.start, info.is_example),
        is_example=info.is_example,
        table=table,
        numeric_columns=(),
        table_name="Framtidig behov forutsetninger",
    )


@per_version
def future_view(
    database: Database,
    region: dict,
    kommuner: tuple[str, ...] | None,
    assumptions: Assumptions,
    years: tuple[int, ...],
    horizon: int,
    focus: str | None = None,
) -> FutureView:
    """Everything the Framtidig behov page shows for a region."""
    info = projection_info(database)
    if info is None:
        return FutureView(region["name"], "", (), False, NO_PROJECTION)
    panels = [
        sector_panel(database, region, kommuner, assumptions, years, horizon, sector, focus)
        for sector in SECTORS
    ]
    panels.append(working_age_panel(database, region, kommuner, assumptions, years, horizon, panels))
    panels.append(assumptions_panel(assumptions, info))
    kind = "eksempeldata laget fra befolkningen" if info.is_example else "SSBs befolkningsframskriving"
    intro = (
        f"Hvor mange årsverk trenger barnehagene og omsorgstjenestene i {region['name']} i "
        f"{', '.join(map(str, years))}, og hvor mange må rekrutteres eller utdannes hvert år fram til "
        f"{horizon}? Regnet fra {kind} ({info.start}–{info.years[-1]}) og dagens bemanning, med "
        f"forutsetningene nederst på siden."
    )
    example = any(panel.is_example for panel in panels)
    return FutureView(region["name"], intro, tuple(panels), example)


@per_version
def municipality_lines(
    database: Database, kommunenummer: str, region_id: str
) -> tuple[tuple[str, ...], bool]:
    """Kommuneprofil's lines on the need by the default horizon (default assumptions), and is_example."""
    info = projection_info(database)
    if info is None:
        return (), False
    horizon = info.default_horizon()
    need = region_need(database, region_id, Assumptions())
    rows = need.filter(
        (pl.col("kommunenummer") == kommunenummer)
        & (pl.col("alternative") == "MMMM")
        & (pl.col("year") == horizon)
    )
    if rows.is_empty():
        return (), False
    value = {(r["sector"], r["group"]): r for r in rows.iter_rows(named=True)}
    kindergarten, care = value[("barnehage", "barnehagelaerer")], value[("omsorg", "total")]
    lines = (
        f"Barnehage: {one(kindergarten['shortfall'])} flere barnehagelærerårsverk innen {horizon} "
        f"(i dag {one(kindergarten['today'])}); {one(kindergarten['recruitment_per_year'])} per år må "
        f"rekrutteres eller utdannes.",
        f"Omsorg: {one(care['shortfall'])} flere årsverk innen {horizon} (i dag {one(care['today'])}), "
        f"{one(value[('omsorg', 'fagbrev')]['shortfall'])} med fagbrev og "
        f"{one(value[('omsorg', 'higher')]['shortfall'])} med høyere helsefaglig utdanning; "
        f"{one(care['recruitment_per_year'])} per år må rekrutteres eller utdannes.",
    )
    return lines, info.is_example or bool(rows["is_example"].any())
