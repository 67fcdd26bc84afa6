"""Om dataene: the catalogue as a coordinator reads it, with years, example share, rule and last import."""

from __future__ import annotations

import polars as pl

from kompetanse.indicators.comparison import catalogue, privacy_rules
from kompetanse.rules.formatting import MISSING
from kompetanse.rules.privacy import QUANTITY, rule_text
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database


@per_version(reveal=False)
def data_coverage(database: Database) -> pl.DataFrame:
    """The catalogue as Om dataene shows it: definition, unit, source, years, example share, last import."""
    coverage = database.query("indicator_coverage")
    table = catalogue(database).join(coverage, on="indicator_id", how="left")
    rules = privacy_rules(database)
    return table.select(
        Tema=pl.col("theme_name"),
        Indikator=pl.col("name"),
        Id=pl.col("indicator_id"),
        Enhet=pl.col("unit"),
        Definisjon=pl.col("definition"),
        Kilde=pl.col("source"),
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
