"""The indicator catalogue and themes, read from data/catalogue (the single list of indicator ids)."""

from pathlib import Path

import polars as pl

EXAMPLE_SOURCE_PREFIX = "Eksempeldata"


def read_themes(data_dir: Path) -> pl.DataFrame:
    """theme_id, name, question, sort_order."""
    frame = pl.read_csv(data_dir / "catalogue" / "temaer.csv", infer_schema=False)
    return frame.with_row_index("sort_order", offset=1).select(
        theme_id=pl.col("id"),
        name=pl.col("navn"),
        question=pl.col("sporsmal"),
        sort_order=pl.col("sort_order").cast(pl.Int32),
    )


def read_indicators(data_dir: Path) -> pl.DataFrame:
    """The catalogue with typed columns, in the order of the file."""
    frame = pl.read_csv(data_dir / "catalogue" / "indikatorer.csv", infer_schema=False)
    yes_no = {"ja": True, "nei": False}
    return frame.with_row_index("sort_order", offset=1).select(
        indicator_id=pl.col("id"),
        name=pl.col("navn"),
        theme_id=pl.col("tema"),
        unit=pl.col("enhet"),
        higher_is_better=pl.col("hoyere_er_bedre").replace_strict(
            yes_no, default=None, return_dtype=pl.Boolean
        ),
        aggregation=pl.col("aggregering"),
        scale=pl.col("skala").cast(pl.Float64),
        numerator_label=pl.col("teller"),
        denominator_label=pl.col("nevner"),
        definition=pl.col("definisjon"),
        source=pl.col("kilde"),
        is_headline=pl.col("hovedindikator").eq("ja").fill_null(False),
        sort_order=pl.col("sort_order").cast(pl.Int32),
        suppression=pl.col("skjerming"),
        reference_area=pl.col("referanse"),
        programme=pl.col("program"),
        recommendation=pl.col("anbefaling").cast(pl.Float64),
        recommendation_label=pl.col("anbefaling_tekst"),
    )


def read_input_categories(data_dir: Path) -> pl.DataFrame:
    """The default categories for theme-meeting inputs (coordinators add their own)."""
    frame = pl.read_csv(data_dir / "catalogue" / "innspillkategorier.csv", infer_schema=False)
    return frame.select(category_id=pl.col("id"), name=pl.col("navn"), origin=pl.lit("pakke"))


def read_service_areas(data_dir: Path) -> pl.DataFrame:
    """The service areas (tjenesteområder) competence plans and 10-FAKTOR results are kept for."""
    frame = pl.read_csv(data_dir / "catalogue" / "tjenesteomrader.csv", infer_schema=False)
    return frame.with_row_index("sort_order", offset=1).select(
        area_id=pl.col("id"), name=pl.col("navn"), sort_order=pl.col("sort_order").cast(pl.Int32)
    )
