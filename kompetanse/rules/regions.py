"""Regions and own networks: finding one by name, however it is typed."""

from __future__ import annotations

import polars as pl

from kompetanse.rules.names import slugify
from kompetanse.store.db import Database

DEFAULT_REGION_ID = "18009"  # Vesterålen


def all_regions(database: Database) -> pl.DataFrame:
    """Every region and network with its member count."""
    return database.query("regions")


def find_region(regions: pl.DataFrame, text: str | None) -> dict | None:
    """The region named `text` (case- and accent-insensitive: 'vesteralen'), or by its id."""
    if not text:
        return None
    slug = slugify(text)
    hits = regions.filter((pl.col("slug") == slug) | (pl.col("region_id") == text.strip()))
    return hits.row(0, named=True) if hits.height else None


def region_label(region: dict) -> str:
    """How a region is shown in pickers: 'Vesterålen (Nordland)' or 'Nettverk: Helgeland+'."""
    if region["kind"] == "nettverk":
        return f"Nettverk: {region['name']}"
    county = (region.get("county_name") or "").split(" - ")[0]
    return f"{region['name']} ({county})" if county else region["name"]


def members(database: Database, region_id: str) -> pl.DataFrame:
    """The municipalities of a region, by name."""
    return database.query("region_municipalities", region_id=region_id)
