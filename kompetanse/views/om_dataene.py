"""Om dataene: the catalogue as a coordinator reads it, with years, whether its figures are official (which
table, updated and fetched when) or example data, the privacy rule and the last import."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import catalogue, privacy_rules
from kompetanse.indicators.references import official_series
from kompetanse.rules.formatting import MISSING, official_source_text
from kompetanse.rules.privacy import QUANTITY, rule_text
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database


def _status(row: dict, series: dict | None) -> str:
    """Whether an indicator's figures are official (which table, updated and fetched when) or example data."""
    if not row["n_values"] and not row["n_official"]:
        return _("Ingen tall ennå")
    if row["n_example"] == 0 and series is not None:
        source = official_source_text(series["source"], series["updated"], series["fetched_at"])
        if row["n_imported"]:
            return _(
                "Offisielle tall: {source} og {count} egne importerte tall",
                source=source,
                count=row["n_imported"],
            )
        return _("Offisielle tall: {source}", source=source)
    if row["n_example"] and row["n_example"] == row["n_values"]:
        return _("Eksempeldata")
    if row["n_example"]:
        return _("Eksempeldata og importerte tall")
    return _("Importerte tall") if row["n_imported"] else _("Offisielle tall (følger med appen)")


@per_version(reveal=False)
def data_coverage(database: Database) -> pl.DataFrame:
    """The catalogue as Om dataene shows it: definition, unit, source, years, example share, last import
    (one row per indicator; the page names the columns)."""
    coverage = database.query("indicator_coverage")
    table = catalogue(database).join(coverage, on="indicator_id", how="left")
    series = official_series(database)
    status = [
        _status(row, series.get(row["indicator_id"]))
        for row in table.select(
            "indicator_id", "n_values", "n_example", "n_official", "n_imported"
        ).iter_rows(named=True)
    ]
    table = table.with_columns(status=pl.Series(status, dtype=pl.String))
    rules = privacy_rules(database)
    return table.select(
        theme=pl.col("theme_name"),
        indicator=pl.col("name"),
        id=pl.col("indicator_id"),
        unit=pl.col("unit_text"),
        definition=pl.col("definition"),
        source=pl.col("source"),
        status=pl.col("status"),
        years=pl.when(pl.col("first_year").is_null())
        .then(pl.lit(MISSING))
        .otherwise(pl.format("{}–{}", "first_year", "last_year")),
        n_values=pl.col("n_values"),
        example=pl.when(pl.col("n_values") == 0)
        .then(pl.lit(""))
        .when(pl.col("n_example") == pl.col("n_values"))
        .then(pl.lit(_("alle")))
        .when(pl.col("n_example") == 0)
        .then(pl.lit(_("ingen")))
        .otherwise(pl.lit(_("noen"))),
        protection=pl.col("suppression").replace_strict(
            {rule: rule_text(rule, rules) for rule in QUANTITY}, default=""
        ),
        last_import=pl.col("last_import").dt.strftime("%d.%m.%Y").fill_null(""),
    )


# The facts of an indicator (data_coverage's columns) and what the page calls them (catalogue texts).
FACTS = {
    "unit": N_("Enhet"),
    "source": N_("Kilde"),
    "status": N_("Tallene"),
    "years": N_("År"),
    "n_values": N_("Antall verdier"),
    "example": N_("Eksempeldata"),
    "protection": N_("Skjerming"),
    "last_import": N_("Sist importert"),
}


@dataclass(frozen=True)
class Section:
    """One indicator's section on Om dataene: its name, whole definition and facts on one line."""

    indicator: str
    definition: str
    facts: str  # 'Id: barnehagelaerer_andel · Enhet: prosent · Kilde: ...'

    @property
    def text(self) -> str:
        """The definition, a blank line, the facts: one text under the heading."""
        return "\n\n".join(part for part in (self.definition, self.facts) if part)


@per_version(reveal=False)
def indicator_sections(database: Database) -> tuple[tuple[str, tuple[Section, ...]], ...]:
    """(theme, its indicators' sections) in the catalogue's order, built once per version and language:
    the page draws 60 of them on every run."""
    table = data_coverage(database)
    labels = {name: _(label) for name, label in FACTS.items()}
    themes: dict[str, list[Section]] = {}
    for row in table.iter_rows(named=True):
        facts = [f"{label}: {row[name]}" for name, label in labels.items() if row[name] not in (None, "")]
        themes.setdefault(row["theme"], []).append(
            Section(row["indicator"], row["definition"] or "", " · ".join([f"Id: {row['id']}", *facts]))
        )
    return tuple((theme, tuple(sections)) for theme, sections in themes.items())
