"""One indicator for one region as a Panel: side-by-side bars, map, trend, table and footnote."""

from __future__ import annotations

import polars as pl

from kompetanse.charts.bars import comparison_chart
from kompetanse.charts.describe import bar_description, trend_description
from kompetanse.charts.maps import label_points, region_map
from kompetanse.charts.style import vega_spec
from kompetanse.charts.trends import trend_chart
from kompetanse.exports.series import series_table
from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import Comparison, IndicatorData, for_year, indicator_data
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.tables import MUNICIPALITY, NOTE, comparison_table, sort_best_first, values_in_year
from kompetanse.indicators.totals import region_total_text
from kompetanse.rules.formatting import format_value
from kompetanse.rules.privacy import SUPPRESSED, display_note_expr
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.views.targets import region_target, target_label


def is_rate(indicator: dict) -> bool:
    """Shares and rates compare across municipalities and regions; counts (sums) do not."""
    return indicator["aggregation"] == "forhold"


AGGREGATE_KINDS = {"nettverk": N_("nettverket"), "kostragruppe": "SSB"}


def aggregate_row_label(region: dict) -> str:
    """'Vesterålen (regionen)', 'Kystnettverket (nettverket)' or 'KOSTRA-gruppe 2 (SSB)'."""
    return f"{region['name']} ({_(AGGREGATE_KINDS.get(region['kind'], N_('regionen')))})"


def with_labels(frame: pl.DataFrame, unit: str) -> pl.DataFrame:
    """Add `label`: the value as shown ('43,2 %'), ':' when hidden, '..' when missing; `note` becomes
    what the tooltip says (why it is hidden, or that an editor sees their own figure unhidden)."""
    # Formatted in Python, not with map_elements: a Python function on polars' thread pool can
    # deadlock the Streamlit server (benchmarks/bench_load.py found it; see TECH-NOTES in README).
    labels = [
        SUPPRESSED if note else format_value(value, unit)
        for value, note in zip(frame["value"], frame["note"], strict=True)
    ]
    labelled = frame.with_columns(label=pl.Series(labels, dtype=pl.String))
    if "revealed" not in frame.columns:
        return labelled
    if "detail" not in frame.columns:
        labelled = labelled.with_columns(detail=pl.lit(None, dtype=pl.String))
    details = labelled["detail"].unique().to_list()
    return labelled.with_columns(note=display_note_expr(details)).drop("detail")


def footnote(comparison: Comparison, region_name: str | None = None) -> str:
    """Definition, unit, source and year, and how the region value was computed (or whose it is)."""
    indicator = comparison.indicator
    unit = indicator["unit"]  # a key ('prosent'); shown in the run's language
    parts = [indicator["definition"], _("Enhet: {unit}.", unit=_(unit))]
    if indicator["aggregation"] == "forhold":
        parts.append(
            _(
                "Teller: {numerator}. Nevner: {denominator}.",
                numerator=indicator["numerator_label"],
                denominator=indicator["denominator_label"],
            )
        )
    parts.append(comparison.source_line)
    parts.append(
        _("År: {year}.", year=comparison.year) if comparison.year else _("Ingen tall for regionen ennå.")
    )
    region = comparison.region
    if region is not None and region.get("published_by"):
        parts.append(
            _(
                "Verdien for {region} er tallet slik {publisher} publiserer det.",
                region=region_name or _("regionen"),
                publisher=region["published_by"],
            )
        )
    elif region is not None:
        parts.append(region_total_text(indicator, region))
    nation = comparison.nation
    if nation is not None and nation.get("published_by"):
        parts.append(
            _(
                "«{label}» er tallet slik {publisher} publiserer det (vektet av kilden), ikke regnet ut "
                "fra kommunene.",
                label=comparison.nation_label,
                publisher=nation["published_by"],
            )
        )
    if comparison.groups:
        parts.append(_("KOSTRA-gruppene er SSBs egne tall for gruppen kommunen hører til (SSB KLASS 112)."))
    if indicator["unit"] == "prosent":
        parts.append(_("Endringer og forskjeller er i prosentpoeng."))
    parts.append(_("«..» = mangler tall, «:» = skjult av personvernhensyn (grå i kartet)."))
    return " ".join(parts)


def own_groups(comparison: Comparison) -> list[dict]:
    """The KOSTRA groups shown beside the region: not the region itself when a KOSTRA group is picked."""
    return [group for group in comparison.groups if group["group_id"] != comparison.region_id]


def focus_name(data: IndicatorData | Comparison, focus: str | None) -> str | None:
    """The name of the municipality in focus (a kommunenummer), if it is in the region."""
    members = data.members if isinstance(data, IndicatorData) else data.municipalities
    names = dict(zip(members["kommunenummer"], members["name"]))
    return names.get(focus or "")


def bar_spec(
    comparison: Comparison, region: dict, focus: str | None = None, target: dict | None = None
) -> dict:
    indicator = comparison.indicator
    ordered = sort_best_first(comparison.municipalities, indicator["higher_is_better"])
    # By position (charts.style.REFERENCE_STYLES): region, country, target, recommendation, KOSTRA group.
    references = [("", None)] * 5
    if is_rate(indicator):  # a region's or the country's total is no yardstick for one municipality
        references[0] = (region["name"], comparison.region["value"] if comparison.region else None)
        references[1] = (comparison.nation_label, comparison.nation["value"] if comparison.nation else None)
        groups = own_groups(comparison)
        if len(groups) == 1:  # one rule; several groups are rows of the table
            references[4] = (groups[0]["group_name"], groups[0]["value"])
    if target is not None and is_rate(indicator):  # the region's own target (views/targets.py)
        references[2] = (target_label(target, indicator["unit"]), target["target_value"])
    if indicator["recommendation"] is not None:  # a yardstick from the catalogue, e.g. KS' 2 per 1000
        references[3] = (indicator["recommendation_label"], indicator["recommendation"])
    frame = with_labels(comparison.municipalities, indicator["unit"])
    title = f"{indicator['name']}, {comparison.year or _('ingen tall ennå')}"
    return vega_spec(
        comparison_chart(
            frame,
            title=title,
            unit=indicator["unit"],
            order=ordered["name"].to_list(),
            references=references,
            example=comparison.has_example,
            focus=focus_name(comparison, focus),
        ),
        bar_description(_("Søylediagram"), title, frame),
    )


def trend_frame(data: IndicatorData, region: dict, kommuner: tuple[str, ...] | None) -> pl.DataFrame:
    """year, series, value, label, note, revealed: the chosen municipalities and the region over the years."""
    series = data.series
    if kommuner:
        series = series.filter(pl.col("kommunenummer").is_in(list(kommuner)))
    municipal = series.select(
        "year", series=pl.col("name"), value="value", note="note", revealed="revealed", detail="detail"
    )
    regional = data.region.select(
        "year",
        series=pl.lit(aggregate_row_label(region)),
        value="value",
        note="note",
        revealed=pl.lit(False),
        detail="detail",
    )
    return with_labels(pl.concat([municipal, regional]), data.indicator["unit"])


def trend_spec(
    data: IndicatorData,
    region: dict,
    kommuner,
    markers: list[dict],
    example: bool,
    focus: str | None = None,
    target: dict | None = None,
) -> dict:
    frame = trend_frame(data, region, kommuner)
    names = data.members["name"].to_list()
    if kommuner:
        names = data.members.filter(pl.col("kommunenummer").is_in(list(kommuner)))["name"].to_list()
    region_series = aggregate_row_label(region) if is_rate(data.indicator) else None
    title = _("{name}: utvikling", name=data.indicator["name"])
    return vega_spec(
        trend_chart(
            frame,
            title=title,
            unit=data.indicator["unit"],
            series_order=names + ([region_series] if region_series else []),
            region_series=region_series,
            markers=markers,
            example=example,
            focus=focus_name(data, focus),
            target=(target_label(target, data.indicator["unit"]), target["target_value"])
            if target is not None and region_series
            else None,
        ),
        trend_description(title, frame, region_series),
    )


@per_version(reveal=False)
def region_label_points(database: Database, region_id: str) -> pl.DataFrame:
    """Where the map writes each municipality's name (kommunenummer, lon, lat), once per version."""
    return label_points(database.query("region_boundaries", region_id=region_id))


def map_spec(database: Database, comparison: Comparison, region: dict) -> dict:
    """A choropleth of the region's chosen municipalities (the boundaries come from the static file)."""
    indicator = comparison.indicator
    labels = region_label_points(database, region["region_id"])
    values = with_labels(comparison.municipalities, indicator["unit"]).select(
        "kommunenummer", "name", "value", "label", "note"
    )
    title = f"{indicator['name']}, {comparison.year or _('ingen tall ennå')}"
    return vega_spec(
        region_map(
            labels.filter(pl.col("kommunenummer").is_in(values["kommunenummer"].implode())),
            values,
            title=title,
            unit=indicator["unit"],
            higher_is_better=indicator["higher_is_better"],
            example=comparison.has_example,
        ),
        bar_description(_("Kart"), title, values),
    )


def measure_markers(database: Database, region_id: str) -> list[dict]:
    """Project measures with a start year, as trend-chart markers."""
    measures = database.query("measures_in_region", region_id=region_id)
    return [
        {"year": row["year"], "label": f"{row['place']}: {row['title']}"}
        for row in measures.iter_rows(named=True)
    ]


@per_version
def indicator_view(
    database: Database,
    region: dict,
    indicator_id: str,
    year: int | None = None,
    kommuner: tuple[str, ...] | None = None,
    show_measures: bool = False,
    with_map: bool = True,
    with_trend: bool = True,
    focus: str | None = None,
    since: int | None = None,
) -> Panel:
    """Everything a theme page draws for one indicator: bars, map, trend and table, as one panel.

    `focus` (a kommunenummer) is drawn in colour and the others grey; `since` adds the change since
    that year to the table (default: the first year with figures).
    """
    data = indicator_data(database, region["region_id"], indicator_id)
    comparison = for_year(data, region["region_id"], year, kommuner)
    since = since if since in data.years else min(data.years, default=None)
    since_figures = values_in_year(data, since) if since is not None else None
    table = comparison_table(
        comparison, aggregate_row_label(region), since, since_figures, groups=own_groups(comparison)
    )
    markers = measure_markers(database, region["region_id"]) if show_measures else []
    example = comparison.has_example or bool(data.series["is_example"].any())
    name = data.indicator["name"]
    titled = f"{name} {comparison.year}"
    target = region_target(database, region["region_id"], indicator_id)
    charts = [Chart("bar", bar_spec(comparison, region, focus, target), titled)]
    if with_map:
        charts.append(Chart("map", map_spec(database, comparison, region), f"{titled} {_('kart')}"))
    if with_trend:
        trend = trend_spec(data, region, kommuner, markers, example, focus, target)
        charts.append(Chart("trend", trend, f"{name} {_('utvikling')}"))
    return Panel(
        key=indicator_id,
        heading=None,
        footnote=footnote(comparison, region["name"]),
        is_example=example,
        charts=tuple(charts),
        table=table,
        numeric_columns=numeric(table, MUNICIPALITY, NOTE),
        table_name=titled,
        series=whole_series(data, region, kommuner),
    )


def whole_series(data: IndicatorData, region: dict, kommuner: tuple[str, ...] | None) -> pl.DataFrame:
    """Every year of the municipalities shown, the region and the country (exports/series.py)."""
    series = data.series
    if kommuner:
        series = series.filter(pl.col("kommunenummer").is_in(list(kommuner)))
    totals = [(aggregate_row_label(region), data.region), (data.nation_label, data.nation)]
    return series_table(data.indicator, series, totals)
