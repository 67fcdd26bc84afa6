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
from kompetanse.i18n import N_, _
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.view import aggregate_row_label
from kompetanse.rules.formatting import format_number
from kompetanse.rules.future_assumptions import Assumptions, assumption_table, assumptions_text
from kompetanse.rules.future_need import band, region_totals
from kompetanse.rules.regions import members
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.views.future_data import ProjectionInfo, more_by, projection_info, region_need, staffing
from kompetanse.views.future_working_age import working_age_panel

# sector -> (heading, total group, what is counted, the staffing indicators its footnote names); the
# heading and what is counted are catalogue texts, translated where shown
SECTORS = {
    "barnehage": (
        N_("Barnehage: barnehagelærere"),
        "barnehagelaerer",
        N_("barnehagelærerårsverk"),
        ("barnehagelaerer_arsverk", "barnehage_dekningsgrad", "seniorer_andel"),
    ),
    "omsorg": (
        N_("Omsorg: årsverk i omsorgstjenestene"),
        "total",
        N_("årsverk i omsorg"),
        ("omsorg_arsverk", "fagbrev_andel_helse", "hoyskole_andel_helse", "seniorer_andel"),
    ),
}
EDUCATION_COLUMNS = {
    "fagbrev": N_("Derav med fagbrev"),
    "higher": N_("Derav med høyere helsefaglig utdanning"),
}
TODAY = N_("I dag")
NO_PROJECTION = N_(
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
    return _(
        "{definition} Regionen er summen av det hver kommune mangler, så et overskudd i én kommune dekker "
        "ikke et underskudd i en annen. Dagens årsverk er de nyeste tallene; de står for framskrivingens "
        "første år ({start}). {assumptions} Befolkning: {population}. Dagens tall: {today}",
        definition=definition,
        start=info.start,
        assumptions=assumptions_text(assumptions, info.start, info.is_example),
        population=info.source,
        today="; ".join(sources[i] for i in wanted if i in sources),
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
    heading, group, counted, _staffing = SECTORS[sector]
    heading, counted = _(heading), _(counted)
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
    today_label = _(TODAY)

    def row(label: str, values: dict) -> dict:
        cells = {_("Kommune"): label, today_label: one(values["today"])}
        cells |= {_("Behov {year}", year=year): one(values[year]) for year in years}
        cells[more_by(horizon)] = one(values["shortfall"])
        if sector == "omsorg":
            cells |= {_(EDUCATION_COLUMNS[g]): one(values[g]) for g in EDUCATION_COLUMNS}
        cells[_("Avgang innen {year}", year=horizon)] = one(values["retired"])
        cells[_("Rekruttere eller utdanne per år")] = one(values["per_year"])
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
    periods = [today_label, *[str(year) for year in years]]
    bars = pl.DataFrame(
        [
            {"name": names[k], "period": period, "value": value, "label": one(value)}
            for k in shown
            for period, value in zip(periods, [today.get(k), *[needed[y].get(k) for y in years]], strict=True)
        ],
        schema={"name": pl.String, "period": pl.String, "value": pl.Float64, "label": pl.String},
    )
    bar_title = _("{heading}: i dag og behov", heading=heading)
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
    trend_title = _(
        "{region}: behov for {counted} per år", region=aggregate_row_label(region), counted=counted
    )
    trend_chart = band_chart(
        trend,
        title=trend_title,
        unit="årsverk",
        example=example,
        horizon=horizon,
        today=(_("I dag: {value}", value=one(region_values["today"])), region_values["today"])
        if region_values["today"] is not None
        else None,
    )
    definition = (
        _(
            "Barnehagelærerårsverk som pedagognormen krever for barna som er framskrevet å gå i barnehage, "
            "mot dagens barnehagelærerårsverk."
        )
        if sector == "barnehage"
        else _(
            "Årsverk i pleie- og omsorgstjenestene som trengs når dagens årsverk per vektet innbygger "
            "holdes fast (den enkleste ærlige modellen), mot dagens årsverk; fordelt på utdanning med "
            "dagens andeler."
        )
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
                _("{heading} i dag og behov", heading=heading),
            ),
            Chart(
                "trend",
                vega_spec(trend_chart, band_description(trend_title, trend)),
                _("{heading} over tid", heading=heading),
            ),
        ),
        table=table,
        numeric_columns=numeric(table, _("Kommune")),
        table_name=_("Framtidig behov {sector}", sector=sector),
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
        return _(
            "Ikke alle kommunene i {region} har tall for dagens årsverk og befolkningen, så regionens "
            "behov summeres ikke. Tabellen viser hver kommune.",
            region=region_name,
        )
    recruit = _(
        "Med avgangen må {per_year} årsverk rekrutteres eller utdannes per år.",
        per_year=spoken(values["per_year"]),
    )
    if sector == "barnehage":
        return _(
            "{region} trenger {shortfall} flere barnehagelærerårsverk innen {year}. {recruit}",
            region=region_name,
            shortfall=spoken(values["shortfall"]),
            year=horizon,
            recruit=recruit,
        )
    return _(
        "{region} trenger {shortfall} flere årsverk i omsorg innen {year}: {fagbrev} med fagbrev og "
        "{higher} med høyere helsefaglig utdanning. {recruit}",
        region=region_name,
        shortfall=spoken(values["shortfall"]),
        year=horizon,
        fagbrev=spoken(values["fagbrev"]),
        higher=spoken(values["higher"]),
        recruit=recruit,
    )


def assumptions_panel(assumptions: Assumptions, info: ProjectionInfo) -> Panel:
    """Every assumption with its value, its default and its source; the user's own marked as such."""
    rows = assumption_table(assumptions)
    value = _("Verdi")
    own = pl.col(value) + _(" (eget valg)")
    marked = pl.when(pl.col("Endret")).then(own).otherwise(pl.col(value)).alias(value)
    table = rows.with_columns(marked).drop("Endret")
    return Panel(
        key="behov-forutsetninger",
        heading=_("Forutsetninger"),
        footnote=assumptions_text(assumptions, info.start, info.is_example),
        is_example=info.is_example,
        table=table,
        numeric_columns=(),
        table_name=_("Framtidig behov forutsetninger"),
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
        return FutureView(region["name"], "", (), False, _(NO_PROJECTION))
    panels = [
        sector_panel(database, region, kommuner, assumptions, years, horizon, sector, focus)
        for sector in SECTORS
    ]
    panels.append(working_age_panel(database, region, kommuner, assumptions, years, horizon, panels))
    panels.append(assumptions_panel(assumptions, info))
    kind = _("eksempeldata laget fra befolkningen") if info.is_example else _("SSBs befolkningsframskriving")
    intro = _(
        "Hvor mange årsverk trenger barnehagene og omsorgstjenestene i {region} i {years}, og hvor mange "
        "må rekrutteres eller utdannes hvert år fram til {horizon}? Regnet fra {kind} ({start}–{end}) og "
        "dagens bemanning, med forutsetningene nederst på siden.",
        region=region["name"],
        years=", ".join(map(str, years)),
        horizon=horizon,
        kind=kind,
        start=info.start,
        end=info.years[-1],
    )
    example = any(panel.is_example for panel in panels)
    return FutureView(region["name"], intro, tuple(panels), example)


def municipality_lines(
    database: Database, kommunenummer: str, need: pl.DataFrame
) -> tuple[tuple[str, ...], bool]:
    """Kommuneprofil's lines on the need by the default horizon, from `need` (future_need with the
    default assumptions; kommuneprofil.country_need), and is_example."""
    info = projection_info(database)
    if info is None or need.is_empty():
        return (), False
    horizon = info.default_horizon()
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
        _(
            "Barnehage: {shortfall} flere barnehagelærerårsverk innen {year} (i dag {today}); {per_year} "
            "per år må rekrutteres eller utdannes.",
            shortfall=one(kindergarten["shortfall"]),
            year=horizon,
            today=one(kindergarten["today"]),
            per_year=one(kindergarten["recruitment_per_year"]),
        ),
        _(
            "Omsorg: {shortfall} flere årsverk innen {year} (i dag {today}), {fagbrev} med fagbrev og "
            "{higher} med høyere helsefaglig utdanning; {per_year} per år må rekrutteres eller utdannes.",
            shortfall=one(care["shortfall"]),
            year=horizon,
            today=one(care["today"]),
            fagbrev=one(value[("omsorg", "fagbrev")]["shortfall"]),
            higher=one(value[("omsorg", "higher")]["shortfall"]),
            per_year=one(care["recruitment_per_year"]),
        ),
    )
    return lines, info.is_example or bool(rows["is_example"].any())
