"""Kompetansegap: need versus cover in persons and årsverk, so "how many are we short?" has an answer."""

from __future__ import annotations

import polars as pl

from kompetanse.charts.bars import gap_chart
from kompetanse.charts.describe import gap_description
from kompetanse.charts.style import vega_spec
from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import compare_region
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.view import aggregate_row_label
from kompetanse.rules.formatting import format_number, format_value
from kompetanse.rules.privacy import SUPPRESSED, display_note
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

# (title, needed indicator, covered indicator, what is counted); the title is translated where shown
GAPS = [
    (N_("Barnehagelærere: krav og dekning"), "barnehagelaerer_behov", "barnehagelaerer_arsverk", "årsverk"),
]
CARE_PARTS = (
    ("ufaglaerte_andel_helse", N_("Uten helsefaglig utdanning")),
    ("fagbrev_andel_helse", N_("Med fagbrev")),
    ("hoyskole_andel_helse", N_("Med høyere utdanning")),
)


def shortfall(needed: float | None, covered: float | None) -> float | None:
    """How many are missing: needed - covered, never below zero; None when either is unknown."""
    if needed is None or covered is None:
        return None
    return max(needed - covered, 0.0)


@per_version
def gap_view(
    database: Database,
    region: dict,
    year: int | None,
    kommuner: tuple[str, ...] | None,
    spec: tuple,
    focus: str | None = None,
) -> Panel:
    """Need versus cover per municipality and for the region."""
    title, needed_id, covered_id, unit = spec
    title = _(title)
    # The region's shortfall counts every member, whichever municipalities are shown.
    needed = compare_region(database, region["region_id"], needed_id, year)
    covered = compare_region(database, region["region_id"], covered_id, year)
    everyone = needed.municipalities.select("kommunenummer", "name", needed="value").join(
        covered.municipalities.select("kommunenummer", covered="value"), on="kommunenummer", how="left"
    )
    missing = [shortfall(n, c) for n, c in zip(everyone["needed"], everyone["covered"], strict=True)]
    everyone = everyone.with_columns(missing=pl.Series(missing, dtype=pl.Float64)).sort(
        "missing", "name", descending=[True, False], nulls_last=True
    )
    frame = everyone.filter(pl.col("kommunenummer").is_in(list(kommuner))) if kommuner else everyone
    region_needed = needed.region["value"] if needed.region else None
    region_covered = covered.region["value"] if covered.region else None
    region_missing = everyone["missing"].sum() if everyone["missing"].null_count() == 0 else None

    def row(label, need, have, short):
        share = None if not need else (have or 0) / need * 100
        return {
            _("Kommune"): label,
            _("Kreves"): format_number(need, 1),
            _("Har"): format_number(have, 1),
            _("Mangler"): format_number(short, 1),
            _("Dekket"): format_value(share, "prosent") if have is not None else "..",
        }

    rows = [row(r["name"], r["needed"], r["covered"], r["missing"]) for r in frame.iter_rows(named=True)]
    rows.append(row(aggregate_row_label(region), region_needed, region_covered, region_missing))
    headline = (
        _(
            "{region} mangler {missing} {unit} i {year}, summen av det hver kommune mangler "
            "(krav {needed}, har {covered}).",
            region=region["name"],
            missing=format_number(region_missing, 1),
            unit=unit,
            year=needed.year,
            needed=format_number(region_needed, 1),
            covered=format_number(region_covered, 1),
        )
        if region_missing is not None
        else _("Ikke alle kommunene har tall for {year} ennå.", year=needed.year or _("noe år"))
    )
    chart_title = f"{title}, {needed.year or _('ingen tall ennå')}"
    chart = gap_chart(
        frame.select("name", "covered", "missing"),
        title=chart_title,
        unit=unit,
        example=needed.has_example or covered.has_example,
        focus=dict(zip(everyone["kommunenummer"], everyone["name"])).get(focus or ""),
    )
    note = _(
        "Kreves: {needed} Har: {covered} Mangler = kreves − har (minst 0) per kommune; regionen er "
        "summen av det kommunene mangler, så et overskudd i én kommune dekker ikke et underskudd i en "
        "annen. {source}",
        needed=needed.indicator["definition"],
        covered=covered.indicator["definition"],
        source=needed.source_line,
    )
    return Panel(
        key=needed_id,
        heading=title,
        headline=headline,
        footnote=note,
        is_example=needed.has_example or covered.has_example,
        charts=(Chart("gap", vega_spec(chart, gap_description(chart_title, frame, unit)), title),),
        table=pl.DataFrame(rows),
        numeric_columns=(_("Kreves"), _("Har"), _("Mangler"), _("Dekket")),
        layout="beside",
    )


@per_version
def care_staff_view(
    database: Database, region: dict, year: int | None, kommuner: tuple[str, ...] | None
) -> Panel:
    """Årsverk in care without health education, with fagbrev and with higher education."""
    total = compare_region(database, region["region_id"], "omsorg_arsverk", year, kommuner)
    parts = {
        _(label): compare_region(database, region["region_id"], indicator_id, year, kommuner)
        for indicator_id, label in CARE_PARTS
    }
    municipality, total_label = _("Kommune"), _("Årsverk i alt")
    frame = total.municipalities.select("kommunenummer", "name", total="value")
    rows = []
    for r in frame.iter_rows(named=True):
        cells = {municipality: r["name"], total_label: format_number(r["total"], 1)}
        for label, comparison in parts.items():
            match = comparison.municipalities.filter(pl.col("kommunenummer") == r["kommunenummer"])
            value = match["value"][0] if match.height else None
            numerator = match["numerator"][0] if match.height else None
            cells[_("{label} (årsverk)", label=label)] = format_number(numerator, 1)
            cells[_("{label} (andel)", label=label)] = format_value(value, "prosent")
        rows.append(cells)
    cells = {
        municipality: aggregate_row_label(region),
        total_label: format_number(total.region["value"] if total.region else None, 1),
    }
    for label, comparison in parts.items():
        cells[_("{label} (årsverk)", label=label)] = format_number(
            comparison.region["numerator"] if comparison.region else None, 1
        )
        cells[_("{label} (andel)", label=label)] = format_value(
            comparison.region["value"] if comparison.region else None, "prosent"
        )
    rows.append(cells)
    table = pl.DataFrame(rows)
    example = total.has_example or any(comparison.has_example for comparison in parts.values())
    footnote = _(
        "Årsverk i pleie- og omsorgstjenestene etter utdanning, {year}. Andelene er regnet ut fra "
        "årsverkene (sum over sum for regionen). {source}",
        year=total.year,
        source=total.source_line,
    )
    return Panel(
        key="omsorg",
        heading=_("Omsorgstjenestene: årsverk etter utdanning"),
        footnote=footnote,
        is_example=example,
        table=table,
        numeric_columns=numeric(table, municipality),
    )


@per_version
def share_gap_view(
    database: Database, region: dict, year: int | None, kommuner: tuple[str, ...] | None, indicator_id: str
) -> Panel:
    """A share as persons: how many have it and how many do not (denominator - numerator)."""
    comparison = compare_region(database, region["region_id"], indicator_id, year, kommuner)
    indicator = comparison.indicator

    def row(label: str, figures: dict | None) -> dict:
        figures = figures or {}
        hidden = figures.get("note") is not None
        numerator, denominator = figures.get("numerator"), figures.get("denominator")
        without = None if numerator is None or denominator is None else denominator - numerator
        cell = lambda text: SUPPRESSED if hidden else text
        return {
            _("Kommune"): label,
            _("I alt"): cell(format_number(denominator)),
            _("Har"): cell(format_number(numerator)),
            _("Har ikke"): cell(format_number(without)),
            _("Andel som har"): cell(format_value(figures.get("value"), "prosent")),
            _("Merknad"): display_note(figures),
        }

    rows = [row(r["name"], r) for r in comparison.municipalities.iter_rows(named=True)]
    rows.append(row(aggregate_row_label(region), comparison.region))
    footnote = _(
        "{definition} I alt: {denominator}. Har: {numerator}. Har ikke = i alt − har. År: {year}. {source}",
        definition=indicator["definition"],
        denominator=indicator["denominator_label"],
        numerator=indicator["numerator_label"],
        year=comparison.year,
        source=comparison.source_line,
    )
    table = pl.DataFrame(rows)
    return Panel(
        key=indicator_id,
        heading=_("Videreutdanning: {name}", name=indicator["name"].lower()),
        footnote=footnote,
        is_example=comparison.has_example,
        table=table,
        numeric_columns=(_("I alt"), _("Har"), _("Har ikke"), _("Andel som har")),
    )
