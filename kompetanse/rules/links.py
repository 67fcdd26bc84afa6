"""Linked indicators: the count each value, numerator and denominator is (catalogue/indikatorlenker.csv).

Indicators share counts: `ledere_antall` is the value of one indicator and the denominator of five
shares; `ledere_fullfort` is also the numerator of `lederopplaering_andel`. The link table says, for
every figure of every indicator, which count (`telling`) it is; a count that is an indicator's own
value carries that indicator's id, other counts have a name of their own (`heltidsansatte`).
`del_av_nevner` marks a numerator that is part of its denominator by definition (numerator <=
denominator), which an outsider may use too. Indicators that share a count, directly or through
others, form a family and are protected together (rules/protection.py).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from kompetanse.i18n import _

LINKS_FILE = Path("catalogue") / "indikatorlenker.csv"
PARTS = {"verdi": "value", "teller": "numerator", "nevner": "denominator"}
LINK_SCHEMA = {
    "indicator_id": pl.String,
    "figure": pl.String,  # value, numerator or denominator
    "count": pl.String,
    "within_denominator": pl.Boolean,  # on a numerator: numerator <= denominator by definition
    "suppression": pl.String,  # the indicator's privacy rule (antall, andel, teller) or null
}


def _own_counts(indicators: pl.DataFrame) -> pl.DataFrame:
    """Links for indicators the table does not name: every figure a count of its own."""
    rows = [
        (indicator_id, figure, indicator_id if figure == "value" else f"{indicator_id}:{figure}", False)
        for indicator_id, aggregation in indicators.select("indicator_id", "aggregation").iter_rows()
        for figure in (("value",) if aggregation == "sum" else ("numerator", "denominator"))
    ]
    return pl.DataFrame(rows, schema=list(LINK_SCHEMA)[:4], orient="row")


def parse_links(table: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """The link table (indikator, del, telling, del_av_nevner) checked against the catalogue, with
    `suppression`; catalogue indicators the table leaves out get counts of their own."""
    unknown = sorted(set(table["indikator"]) - set(indicators["indicator_id"]))
    if unknown:
        raise ValueError(
            _("Indikatorlenkene nevner indikatorer som ikke er i katalogen: {ids}", ids=", ".join(unknown))
        )
    bad_parts = sorted(set(table["del"]) - set(PARTS))
    if bad_parts:
        raise ValueError(
            _(
                "Ukjent del i indikatorlenkene: {parts} (verdi, teller eller nevner)",
                parts=", ".join(bad_parts),
            )
        )
    if table.select("indikator", "del").is_duplicated().any():
        raise ValueError(_("Indikatorlenkene nevner samme del av en indikator to ganger."))
    if "del_av_nevner" not in table.columns:
        table = table.with_columns(del_av_nevner=pl.lit(None, dtype=pl.String))
    within = pl.col("del_av_nevner").fill_null("").str.strip_chars().str.to_lowercase()
    if table.filter((within == "ja") & (pl.col("del") != "teller")).height:
        raise ValueError(_("del_av_nevner kan bare stå på en teller."))
    named = table.select(
        indicator_id=pl.col("indikator"),
        figure=pl.col("del").replace_strict(PARTS),
        count=pl.col("telling"),
        within_denominator=within == "ja",
    )
    rest = _own_counts(indicators.filter(~pl.col("indicator_id").is_in(named["indicator_id"].implode())))
    links = pl.concat([named, rest]).join(
        indicators.select("indicator_id", "suppression"), on="indicator_id", how="left"
    )
    return links.with_columns(suppression=pl.col("suppression").replace("", None)).select(
        pl.col(name).cast(dtype) for name, dtype in LINK_SCHEMA.items()
    )


def read_links(data_dir: Path, indicators: pl.DataFrame) -> pl.DataFrame:
    """The bundled link table for the catalogue `indicators` (indicator_id, aggregation, suppression)."""
    table = pl.read_csv(data_dir / LINKS_FILE, infer_schema=False)
    return parse_links(table, indicators)


def families(links: pl.DataFrame) -> dict[str, str]:
    """indicator_id -> its family: the first, in sort order, of the indicators it shares counts with."""
    parent = {indicator_id: indicator_id for indicator_id in links["indicator_id"]}

    def root(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for _count, indicators in links.group_by("count").agg("indicator_id").iter_rows():
        first = root(indicators[0])
        for other in indicators[1:]:
            other_root = root(other)
            if other_root != first:
                parent[max(first, other_root)] = min(first, other_root)
                first = min(first, other_root)
    return {indicator_id: root(indicator_id) for indicator_id in parent}
