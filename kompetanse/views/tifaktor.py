"""10-FAKTOR: the ten factors for a region's municipalities side by side, the change since the previous
round, and the slide (a municipality's own factors in Kommuneprofil: views/tifaktor_kommune.py).

A round is a year with results; the page shows the newest round up to the year in the sidebar and
compares it with the round before (usually two years earlier). The municipalities' own results are
observations of the ten tifaktor_* indicators, so they come from `indicator_data` already protected
(hidden below `tifaktor_min_respondents` answers, revealed to the municipality's own editors); the
region and national values are the average over every answer (sum of scores / respondents).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from kompetanse.charts.describe import bar_description
from kompetanse.charts.heat import message_chart, score_heat_chart
from kompetanse.charts.style import vega_spec
from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import catalogue, indicator_data, privacy_rules
from kompetanse.indicators.panel import Chart, Panel, numeric
from kompetanse.indicators.view import aggregate_row_label
from kompetanse.ingest.validation import SCORE_UNIT
from kompetanse.rules.formatting import MISSING, format_number, format_signed, format_value, source_text
from kompetanse.rules.privacy import SUPPRESSED, display_note
from kompetanse.rules.tifaktor import LEADER_FACTORS, THEME, rounds
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

UNIT = SCORE_UNIT  # the catalogue's unit key, not a text
STAR = "★"
# Column names, translated where a table is built.
FACTOR = N_("Faktor")
NOTE = N_("Merknad")
ANSWERS = N_("Antall svar")
OFFICIAL_SOURCE = N_("KS, medarbeiderundersøkelsen 10-FAKTOR (kommunens egne resultater)")


@dataclass(frozen=True)
class FactorProfile:
    """The ten factors in one round for a region: every municipality, the region and the country."""

    region: dict
    year: int | None  # the round shown
    previous: int | None  # the round before
    factors: pl.DataFrame  # indicator_id, name, label (with a star when the strategy names it), highlighted
    cells: pl.DataFrame  # indicator_id, label, series, kind ('kommune', 'region', 'land'), kommunenummer,
    #                      value, denominator, note, revealed, previous_value, previous_note, is_example,
    #                      change
    series_order: list[str]

    @property
    def is_example(self) -> bool:
        return bool(self.cells["is_example"].fill_null(False).any())


@per_version(reveal=False)
def factors(database: Database) -> pl.DataFrame:
    """The ten factors in catalogue order, with a label that stars those the strategy names."""
    rows = catalogue(database).filter(pl.col("theme_id") == THEME).select("indicator_id", "name")
    highlighted = pl.col("indicator_id").is_in(list(LEADER_FACTORS))
    return rows.with_columns(
        highlighted=highlighted,
        label=pl.when(highlighted).then(pl.concat_str(pl.lit(f"{STAR} "), "name")).otherwise("name"),
    )


def _row(frame: pl.DataFrame, year: int | None, **match: str) -> dict:
    if year is None:
        return {}
    rows = frame.filter(pl.col("year") == year, *[pl.col(key) == value for key, value in match.items()])
    return rows.row(0, named=True) if rows.height else {}


def _cell(
    indicator_id: str, label: str, series: str, kind: str, kommune: str | None, now: dict, before: dict
):
    return {
        "indicator_id": indicator_id,
        "label": label,
        "series": series,
        "kind": kind,
        "kommunenummer": kommune,
        "value": now.get("value"),
        "denominator": now.get("denominator"),
        "note": now.get("note"),
        "revealed": bool(now.get("revealed")),
        "previous_value": before.get("value"),
        "previous_note": before.get("note"),
        "is_example": bool(now.get("is_example") or now.get("has_example")),
    }


@per_version
def factor_profile(
    database: Database, region: dict, year: int | None, kommuner: tuple[str, ...] | None = None
) -> FactorProfile:
    """The round shown (the newest up to `year`), the one before, and every cell of the side-by-side view."""
    found = factors(database)
    data = {fid: indicator_data(database, region["region_id"], fid) for fid in found["indicator_id"]}
    years = [y for d in data.values() for y in d.series["year"].to_list() + d.region["year"].to_list()]
    this, before = rounds(years, year)
    first = next(iter(data.values()), None)
    members = first.members if first else pl.DataFrame(schema={"kommunenummer": pl.String, "name": pl.String})
    if kommuner:
        members = members.filter(pl.col("kommunenummer").is_in(list(kommuner)))
    region_label = aggregate_row_label(region)
    nation_label = first.nation_label if first else _("Landet")
    cells = []
    for fid, label in found.select("indicator_id", "label").iter_rows():
        series = data[fid].series
        for kommune, name in members.iter_rows():
            now, then = _row(series, this, kommunenummer=kommune), _row(series, before, kommunenummer=kommune)
            cells.append(_cell(fid, label, name, "kommune", kommune, now, then))
        for series_label, kind, totals in (
            (region_label, "region", data[fid].region),
            (nation_label, "land", data[fid].nation),
        ):
            cells.append(
                _cell(fid, label, series_label, kind, None, _row(totals, this), _row(totals, before))
            )
    schema = {
        "indicator_id": pl.String,
        "label": pl.String,
        "series": pl.String,
        "kind": pl.String,
        "kommunenummer": pl.String,
        "value": pl.Float64,
        "denominator": pl.Float64,
        "note": pl.String,
        "revealed": pl.Boolean,
        "previous_value": pl.Float64,
        "previous_note": pl.String,
        "is_example": pl.Boolean,
    }
    frame = pl.DataFrame(cells, schema=schema).with_columns(
        change=pl.when(pl.col("note").is_null() & pl.col("previous_note").is_null())
        .then(pl.col("value") - pl.col("previous_value"))
        .otherwise(None)
    )
    order = [*members["name"].to_list(), region_label, nation_label]
    return FactorProfile(region, this, before, found, frame, order)


def value_label(value: float | None, note: str | None) -> str:
    """A score as shown: ':' when hidden, '..' when missing, else '4,1'."""
    return SUPPRESSED if note else format_value(value, UNIT)


def change_label(change: float | None, note: str | None, previous_note: str | None) -> str:
    return SUPPRESSED if note or previous_note else format_signed(change, 1)


def _notes(cells: pl.DataFrame) -> pl.DataFrame:
    """Per factor: which series are hidden or shown unhidden to an editor, and why."""
    rows = []
    for (indicator_id,), part in cells.group_by("indicator_id", maintain_order=True):
        found: dict[str, list[str]] = {}
        for series, note, revealed in part.select("series", "note", "revealed").iter_rows():
            text = display_note({"note": note, "revealed": revealed})
            if text:
                found.setdefault(text, []).append(series)
        rows.append((indicator_id, " ".join(f"{', '.join(names)}: {text}" for text, names in found.items())))
    return pl.DataFrame(rows, schema={"indicator_id": pl.String, _(NOTE): pl.String}, orient="row")


def _wide(profile: FactorProfile, labels: list[str], with_answers: bool) -> pl.DataFrame:
    """A row per factor (and one for the number of answers), a column per series, then the notes."""
    cells = profile.cells.with_columns(text=pl.Series(labels, dtype=pl.String))
    wide = cells.pivot(on="series", index="indicator_id", values="text").select(
        "indicator_id", *profile.series_order
    )
    table = profile.factors.select("indicator_id", FACTOR=pl.col("label")).join(wide, on="indicator_id")
    table = (
        table.join(_notes(profile.cells), on="indicator_id")
        .drop("indicator_id")
        .rename({"FACTOR": _(FACTOR)})
    )
    if with_answers:
        answers = {_(FACTOR): _(ANSWERS), _(NOTE): ""}
        for series in profile.series_order:
            part = profile.cells.filter((pl.col("series") == series) & pl.col("note").is_null())
            answers[series] = (
                format_number(part["denominator"].max())
                if part["denominator"].drop_nulls().len()
                else SUPPRESSED
            )
        table = pl.concat([table, pl.DataFrame([answers], schema=table.schema)])
    return table


def footnote(year: int | None, previous: int | None, example: bool, database: Database) -> str:
    limit = privacy_rules(database).min_respondents
    rounds_text = (
        _("Runde {year}, sammenlignet med {previous}.", year=year, previous=previous)
        if previous
        else _("Runde {year}.", year=year)
    )
    return _(
        "{rounds} Skår: gjennomsnittet av de ansattes svar på en skala fra 1 til 5. Regionen og "
        "landet er gjennomsnittet over alle svarene (summen av skårene delt på antall svar), ikke et snitt "
        "av kommunene. Faktorene med stjerne er dem arbeidsgiver- og kompetansestrategien (2018) "
        "bygger lederutviklingen på. Resultater med færre enn {limit} svar skjules («:»), og det gjør "
        "også tall som ellers kunne avsløre dem. {source} «..» = ingen resultater.",
        rounds=rounds_text,
        limit=limit,
        source=source_text(example, OFFICIAL_SOURCE),
    )


def side_by_side_panel(profile: FactorProfile, database: Database) -> Panel:
    """The ten factors for every municipality, the region and the country, as a heat table and a table."""
    labels = [value_label(v, n) for v, n in profile.cells.select("value", "note").iter_rows()]
    table = _wide(profile, labels, with_answers=True)
    title = _("10-FAKTOR {year}: de ti faktorene side om side", year=profile.year)
    description = _heat_description(_("Varmekart"), title, profile, labels, "value")
    chart = score_heat_chart(
        profile.cells.select(row="label", column="series", value="value", note="note").with_columns(
            label=pl.Series(labels, dtype=pl.String), note=pl.col("note").fill_null("")
        ),
        title=title,
        rows_order=profile.factors["label"].to_list(),
        columns_order=profile.series_order,
        highlighted=profile.factors.filter(pl.col("highlighted"))["label"].to_list(),
        domain=(3.0, 5.0),
        scheme="blues",
        legend_title=_("Skår (1–5)"),
        example=profile.is_example,
        white_text="datum.value >= 4.5",
    )
    return Panel(
        key="tifaktor",
        heading=_("De ti faktorene side om side, {year}", year=profile.year),
        footnote=footnote(profile.year, profile.previous, profile.is_example, database),
        is_example=profile.is_example,
        charts=(
            Chart(
                "heat",
                vega_spec(chart, description),  # the highest and lowest score, with factor and series
                f"10-FAKTOR {profile.year}",
            ),
        ),
        table=table,
        numeric_columns=numeric(table, _(FACTOR), _(NOTE)),
        headline=_("{star} markerer faktorene strategien bygger lederutviklingen på.", star=STAR),
        table_name=f"10-FAKTOR {profile.year}",
    )


def _heat_description(kind: str, title: str, profile: FactorProfile, labels: list[str], value: str) -> str:
    """'Varmekart: …. Mestring (Sortland) høyest med 4,6, …' over every cell, with each cell's label as
    the table shows it (hidden cells are counted, never named)."""
    cells = profile.cells.select(
        name=pl.format("{} ({})", "label", "series"),
        value=pl.when(pl.col("note").is_null()).then(pl.col(value)),
        label=pl.Series(labels, dtype=pl.String),
    )
    return bar_description(kind, title, cells)


def change_panel(profile: FactorProfile, database: Database) -> Panel:
    """The change since the previous round for every factor and series, in points on the 1-5 scale."""
    cells = profile.cells.select("change", "note", "previous_note").iter_rows()
    labels = [change_label(change, note, before) for change, note, before in cells]
    if profile.previous is None:
        labels = [MISSING] * len(labels)
    table = _wide(profile, labels, with_answers=False)
    title = _(
        "Endring fra {previous} til {year}",
        previous=profile.previous or _("forrige runde"),
        year=profile.year,
    )
    description = (
        _heat_description(_("Varmekart"), title, profile, labels, "change")
        if profile.previous
        else _("Varmekart: {title}. Ingen forrige runde å sammenligne med.", title=title)
    )
    chart = score_heat_chart(
        profile.cells.select(
            row="label",
            column="series",
            value="change",
            label=pl.Series(labels, dtype=pl.String),
            note=pl.coalesce("note", "previous_note").fill_null(""),
        ),
        title=title,
        rows_order=profile.factors["label"].to_list(),
        columns_order=profile.series_order,
        highlighted=profile.factors.filter(pl.col("highlighted"))["label"].to_list(),
        domain=(-0.5, 0.5),
        scheme="blueorange",
        legend_title=_("Endring (poeng)"),
        example=profile.is_example,
        white_text="abs(datum.value) >= 0.35",
    )
    heading = _(
        "Endring siden forrige runde ({previous} → {year})",
        previous=profile.previous or _("ingen"),
        year=profile.year,
    )
    return Panel(
        key="tifaktor-endring",
        heading=heading,
        footnote=_(
            "Endring i skår (poeng på skalaen 1–5) fra forrige runde. {footnote}",
            footnote=footnote(profile.year, profile.previous, profile.is_example, database),
        ),
        is_example=profile.is_example,
        charts=(
            Chart(
                "heat",
                vega_spec(chart, description),
                _("10-FAKTOR endring {year}", year=profile.year),
            ),
        ),
        table=table,
        numeric_columns=numeric(table, _(FACTOR), _(NOTE)),
        table_name=_("10-FAKTOR endring {year}", year=profile.year),
    )


@per_version
def tifaktor_view(
    database: Database, region: dict, year: int | None, kommuner: tuple[str, ...] | None = None
) -> tuple[FactorProfile, list[Panel]]:
    """The profile and its two panels (none when the region has no round yet)."""
    profile = factor_profile(database, region, year, kommuner)
    if profile.year is None:
        return profile, []
    return profile, [side_by_side_panel(profile, database), change_panel(profile, database)]


def takeaway(profile: FactorProfile) -> str:
    """One line to say out loud: the region's lowest factor, and mastery-oriented leadership, against the
    country."""
    region = profile.cells.filter((pl.col("kind") == "region") & pl.col("value").is_not_null())
    nation = dict(profile.cells.filter(pl.col("kind") == "land").select("indicator_id", "value").iter_rows())
    if region.is_empty():
        return _("Ingen tall for regionen i denne runden.")
    names = dict(profile.factors.select("indicator_id", "name").iter_rows())

    def said(row: dict) -> str:
        versus = nation.get(row["indicator_id"])
        value = format_value(row["value"], UNIT)
        if versus is None:
            return _("{factor} {value}", factor=names[row["indicator_id"]], value=value)
        return _(
            "{factor} {value}; landet {country}",
            factor=names[row["indicator_id"]],
            value=value,
            country=format_value(versus, UNIT),
        )

    lowest = region.sort("value").row(0, named=True)
    leadership = region.filter(pl.col("indicator_id") == "tifaktor_mestringsorientert_ledelse")
    parts = [
        _(
            "{region} {year}: lavest er {factor}.",
            region=profile.region["name"],
            year=profile.year,
            factor=said(lowest),
        )
    ]
    if leadership.height and lowest["indicator_id"] != "tifaktor_mestringsorientert_ledelse":
        parts.append(f"{said(leadership.row(0, named=True))}.")
    return " ".join(parts)


@per_version(reveal=False)  # a meeting shows what everyone sees
def tifaktor_slide(database: Database, region: dict, year: int | None) -> Panel:
    """Presentasjon and the meeting pack: the ten factors side by side, with a takeaway."""
    profile, views = tifaktor_view(database, region, year, None)
    if not views:
        text = _("Ingen 10-FAKTOR-resultater er importert for {name} ennå.", name=region["name"])
        chart = message_chart(text, title="10-FAKTOR")
        return Panel(
            "tifaktor",
            "10-FAKTOR",
            _("Kilde: KS, 10-FAKTOR."),
            False,
            (Chart("heat", vega_spec(chart, text), "10-FAKTOR"),),
            headline=text,
        )
    panel = views[0]
    return replace(
        panel,
        heading=_("10-FAKTOR: de ti faktorene side om side, {year}", year=profile.year),
        headline=takeaway(profile),
    )
