"""10-FAKTOR results by service area and unit: hidden by the same audited protection (rules/tifaktor.py),
shown for one municipality and round."""

from __future__ import annotations

import polars as pl

from kompetanse.config import DATA_DIR
from kompetanse.i18n import _
from kompetanse.indicators.comparison import catalogue, privacy_rules, protection
from kompetanse.indicators.panel import Panel, numeric
from kompetanse.rules.formatting import MISSING, source_text
from kompetanse.rules.links import LINKS_FILE, parse_links
from kompetanse.rules.privacy import display_note, shown
from kompetanse.rules.tifaktor import protect_areas
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.views.kompetanseplaner import with_area_names
from kompetanse.views.tifaktor import FACTOR, OFFICIAL_SOURCE, factors, value_label


@per_version(reveal=False)
def area_protection(database: Database) -> pl.DataFrame:
    """What is hidden among the results by service area and unit, for everyone (rules/tifaktor.py)."""
    results = database.query("tifaktor_area_results", kommunenummer=None)
    found = factors(database)
    hidden = pl.concat(
        [
            protection(database, {"indicator_id": fid}).cells.select(
                "kommunenummer", year=pl.col("year").cast(pl.Int32), indicator_id=pl.lit(fid)
            )
            for fid in found["indicator_id"]
        ]
        or [pl.DataFrame(schema={"kommunenummer": pl.String, "year": pl.Int32, "indicator_id": pl.String})]
    )
    ids = found["indicator_id"].implode()
    table = pl.read_csv(DATA_DIR / LINKS_FILE, infer_schema=False).filter(pl.col("indikator").is_in(ids))
    links = parse_links(table, catalogue(database).filter(pl.col("indicator_id").is_in(ids)))
    return protect_areas(results, hidden, links, privacy_rules(database))


@per_version
def area_view(database: Database, kommunenummer: str, year: int | None) -> Panel | None:
    """One municipality's results by service area and unit in a round, as this reader may see them."""
    results = database.query("tifaktor_area_results", kommunenummer=kommunenummer).filter(
        pl.col("year") == year
    )
    if results.is_empty():
        return None
    keys = ["kommunenummer", "year", "indicator_id", "area_id", "unit"]
    noted = (
        results.join(area_protection(database), on=keys, how="left")
        .rename({"score": "value", "respondents": "denominator"})
        .with_columns(detail=pl.lit(None, dtype=pl.String))  # the areas' protection names no rule
    )
    visible = with_area_names(shown(noted, database.revealed)).with_columns(
        column=pl.when(pl.col("unit") == "")
        .then(pl.col("area_name"))
        .otherwise(pl.concat_str("area_name", pl.lit(": "), "unit"))
    )
    columns = visible.sort("area_order", "unit")["column"].unique(maintain_order=True).to_list()
    labels = [value_label(v, n) for v, n in visible.select("value", "note").iter_rows()]
    wide = (
        visible.with_columns(text=pl.Series(labels, dtype=pl.String))
        .pivot(on="column", index="indicator_id", values="text")
        .select("indicator_id", *columns)
    )
    names = factors(database).select("indicator_id", "label")
    table = names.join(wide, on="indicator_id", how="left").fill_null(MISSING).drop("indicator_id")
    table = table.rename({"label": _(FACTOR)})
    notes = [
        f"{column}: {display_note({'note': note, 'revealed': revealed})}"
        for column, note, revealed in visible.select("column", "note", "revealed")
        .unique()
        .sort("column")
        .rows()
        if display_note({"note": note, "revealed": revealed})
    ]
    example = bool(visible["is_example"].any())
    limit = privacy_rules(database).min_respondents
    footnote = _(
        "Runde {year}, per tjenesteområde og enhet. Resultater med færre enn {limit} svar skjules («:»), og "
        "det gjør også resultater som sammen med kommunens eller områdets resultat kunne avsløre dem. "
        "{source}",
        year=year,
        limit=limit,
        source=source_text(example, OFFICIAL_SOURCE),
    ) + (" " + " ".join(dict.fromkeys(notes)) if notes else "")
    return Panel(
        key=f"tifaktor-omrader-{kommunenummer}",
        heading=None,
        footnote=footnote,
        is_example=example,
        table=table,
        numeric_columns=numeric(table, _(FACTOR)),
        table_name=_("10-FAKTOR per område {kommune} {year}", kommune=kommunenummer, year=year),
    )
