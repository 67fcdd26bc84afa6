"""The bundled municipality registry: counties, municipalities, economic regions, code history.

Reads the SSB files copied into data/registry (see data/SOURCES.md) into frames; loading them
into the database is build.py's job.
"""

from pathlib import Path

import polars as pl

from kompetanse.i18n import N_
from kompetanse.rules.names import slugify

# Stored with the rows in bokmål; catalogue texts, translated where they are shown.
SOURCE_KLASS = N_("SSB KLASS 131/104/108, gyldig fra 1.1.2024 (CC BY 4.0)")
SOURCE_HISTORY = N_("SSB Statistikkbanken, kommuner 1994–2024 summert til 2024-inndeling (CC BY 4.0)")
SOURCE_SPLITS = N_("SSB KLASS 131 endringer; delingsnøkler fra FHI csdata (MIT/CC BY 4.0)")
UNKNOWN_MUNICIPALITY = "9999"


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def read_counties(data_dir: Path) -> pl.DataFrame:
    """county_code, name: the 15 counties of 2024."""
    frame = _read(data_dir / "registry" / "fylker_2024.csv")
    return frame.filter(pl.col("fylkesnummer") != "99").select(
        county_code=pl.col("fylkesnummer"), name=pl.col("fylkesnavn")
    )


def read_municipalities(data_dir: Path) -> pl.DataFrame:
    """kommunenummer, name, official_name, county_code, maalform: the 357 municipalities of 2024.

    maalform ('Bokmål', 'Nynorsk', 'Nøytral') is the file's, source uncertain and to be confirmed."""
    klass = _read(data_dir / "registry" / "kommuner_2024.csv").filter(
        pl.col("kommunenummer") != UNKNOWN_MUNICIPALITY
    )
    short = _read(data_dir / "registry" / "kommuner_fakta_aprestmo.csv").select(
        kommunenummer=pl.col("id"), name=pl.col("name_no"), maalform=pl.col("maalform")
    )
    return (
        klass.join(short, on="kommunenummer", how="left")
        .select(
            "kommunenummer",
            name=pl.coalesce("name", "kommunenavn"),
            official_name=pl.col("kommunenavn"),
            county_code=pl.col("fylkesnummer"),
            maalform=pl.col("maalform"),
        )
        .sort("kommunenummer")
    )


def read_economic_regions(data_dir: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(regions, members) for SSB's economic regions that have municipalities in 2024."""
    klass = _read(data_dir / "registry" / "kommuner_2024.csv").filter(
        pl.col("kommunenummer") != UNKNOWN_MUNICIPALITY
    )
    members = klass.select(region_id=pl.col("okonomisk_region"), kommunenummer=pl.col("kommunenummer")).sort(
        "region_id", "kommunenummer"
    )
    regions = (
        klass.select(
            region_id=pl.col("okonomisk_region"),
            name=pl.col("okonomisk_region_navn"),
            county_code=pl.col("fylkesnummer"),
        )
        .unique()
        .sort("region_id")
    )
    # A few SSB region names recur in different counties; the slug must stay unique.
    duplicated = pl.col("name").is_duplicated()
    slug_source = regions.select(
        pl.when(duplicated).then(pl.concat_str("name", "region_id", separator=" ")).otherwise("name")
    ).to_series()
    regions = regions.with_columns(
        slug=pl.Series([slugify(text) for text in slug_source], dtype=pl.String),
        kind=pl.lit("okonomisk_region"),
        source=pl.lit(SOURCE_KLASS),
    )
    return regions, members


def read_code_history(data_dir: Path) -> pl.DataFrame:
    """Every kommunenummer since 1994 with its status today and its successors."""
    grouped = _read(data_dir / "registry" / "kommuner-1994-2024.csv")
    exceptions = _read(data_dir / "registry" / "kommunenummer_unntak.csv")
    current = grouped.filter(pl.col("GRUPPEKODE").str.contains(r"^K\.\d{4}$")).select(
        code=pl.col("KODE"),
        name=pl.col("TEKST"),
        target=pl.col("GRUPPEKODE").str.slice(2),
    )
    outside = grouped.filter(pl.col("GRUPPEKODE").is_in(["K.21-22", "K.23"])).select(
        code=pl.col("KODE"),
        name=pl.col("TEKST"),
        status=pl.lit("utenfor"),
        current_code=pl.lit(None, dtype=pl.String),
        successors=pl.lit([], dtype=pl.List(pl.String)),
        note=pl.lit(N_("Svalbard, Jan Mayen og kontinentalsokkelen er ikke kommuner.")),
        source=pl.lit(SOURCE_HISTORY),
    )
    mapped = current.filter(~pl.col("code").is_in(exceptions["kode"].implode())).select(
        "code",
        "name",
        status=pl.when(pl.col("code") == pl.col("target"))
        .then(pl.lit("gjeldende"))
        .otherwise(pl.lit("erstattet")),
        current_code=pl.col("target"),
        successors=pl.concat_list("target"),
        note=pl.lit(None, dtype=pl.String),
        source=pl.lit(SOURCE_HISTORY),
    )
    special = exceptions.select(
        code=pl.col("kode"),
        name=pl.col("navn"),
        status=pl.col("status").replace({"sammenslatt": "erstattet"}),
        current_code=pl.when(pl.col("status") == "sammenslatt").then(pl.col("etterfolgere")),
        successors=pl.col("etterfolgere")
        .fill_null("")
        .str.split(" ")
        .list.eval(pl.element().filter(pl.element() != "")),
        note=pl.col("merknad"),
        source=pl.lit(SOURCE_SPLITS),
    )
    return pl.concat([mapped, special, outside]).sort("code")
