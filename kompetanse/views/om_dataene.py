"""Om dataene: the catalogue as a coordinator reads it, with years, whether its figures are official (which
table, updated and fetched when) or example data, the privacy rule and the last import."""

from __future__ import annotations

import polars as pl

from kompetanse.indicators.comparison import catalogue, privacy_rules
from kompetanse.indicators.references import official_series
from kompetanse.rules.formatting import MISSING, official_source_text
from kompetanse.rules.privacy import QUANTITY, rule_text
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database


def _status(row: dict, series: dict | None) -> str:
    """Whether an indicator's figures are official (which table, updated and fetched when) or example data."""
    if not row["n_values"] and not row["n_official"]:
        return "Ingen tall ennå"
    if row["n_example"] == 0 and series is not None:
        source = official_source_text(series["source"], series["updated"], series["fetched_at"])
        imported = f" og {row['n_imported']} egne importerte tall" if row["n_imported"] else ""
        return f"Offisielle tall: {source}{imported}"
    if row["n_example"] and row["n_example"] == row["n_values"]:
        return "Eksempeldata"
    if row["n_example"]:
        return "Eksempeldata og importerte tall"
    return "Importerte tall" if row["n_imported"] else "Offisielle tall (følger med appen)"


@per_version(reveal=False)
def data_coverage(database: Database) -> pl.DataFrame:
    """The catalogue as Om dataene shows it: definition, unit, source, years, example share, last import."""
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
        Tema=pl.col("theme_name"),
        Indikator=pl.col("name"),
        Id=pl.col("indicator_id"),
        Enhet=pl.col("unit_text"),
        Definisjon=pl.col("definition"),
        Kilde=pl.col("source"),
        Tallene=pl.col("status"),
        År=pl.when(pl.col("first_year").is_null())
        .then(pl.lit(MISSING))
        .otherwise(pl.format("{}–{}", "first_year", "last_year")),
        Tall=pl.col("n_values"),
        Eksempeldata=pl.when(pl.col("n_values") == 0)
        .then(pl.lit(""))
        .when(pl.col("n_example") == pl.col("n_values"))
        .then(pl.lit("alle"))
        .when(pl.col("n_example") == 0)
        .then(pl.lit("ingen"))
        .otherwise(pl.lit("noen")),
        Skjerming=pl.col("suppression").replace_strict(
            {rule: rule_text(rule, rules) for rule in QUANTITY}, default=""
        ),
        Sist_importert=pl.col("last_import").dt.strftime("%d.%m.%Y").fill_null(""),
    ).rename({"Sist_importert": "Sist importert"})
