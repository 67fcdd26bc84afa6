"""Regions, networks and municipalities: finding one by name or number, however it is typed."""

from __future__ import annotations

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _
from kompetanse.rules.names import slugify
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

DEFAULT_REGION_ID = "18009"  # Vesterålen


@per_version(reveal=False)
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


@per_version(reveal=False)
def _regions_by_name(database: Database) -> dict[str, dict]:
    """slug and region_id -> the region's row, once per version (an id wins over another's slug)."""
    rows = list(all_regions(database).iter_rows(named=True))
    found = {row["slug"]: row for row in reversed(rows)}  # the first row of a slug, as find_region
    found.update({row["region_id"]: row for row in rows})
    return found


def named_region(database: Database, text: str | None) -> dict | None:
    """find_region on the database's regions through a lookup kept per version (every run asks it)."""
    if not text:
        return None
    lookup = _regions_by_name(database)
    return lookup.get(text.strip()) or lookup.get(slugify(text))


def region_label(region: dict) -> str:
    """How a region is shown in pickers: 'Vesterålen (Nordland)', 'Nettverk: Helgeland+' or
    'KOSTRA-gruppe 2 (SSB)'."""
    if region["kind"] == "nettverk":
        return _("Nettverk: {name}", name=region["name"])
    if region["kind"] == "kostragruppe":
        return f"{region['name']} (SSB)"
    county = (region.get("county_name") or "").split(" - ")[0]
    return f"{region['name']} ({county})" if county else region["name"]


@per_version(reveal=False)
def region_choices(database: Database) -> dict[str, tuple[dict, str]]:
    """region_id -> (the region's row, its label in pickers), built once per version, not every run."""
    return {row["region_id"]: (row, region_label(row)) for row in all_regions(database).iter_rows(named=True)}


@per_version(reveal=False)
def municipality_labels(database: Database, with_county: bool = False) -> dict[str, str]:
    """kommunenummer -> 'Øksnes (1868)', or with the county: 'Øksnes (Nordland)'; once per version."""
    return {
        row["kommunenummer"]: f"{row['name']} ({row['county_name'].split(' - ')[0]})"
        if with_county
        else f"{row['name']} ({row['kommunenummer']})"
        for row in municipalities(database).iter_rows(named=True)
    }


@per_version(reveal=False)
def members(database: Database, region_id: str) -> pl.DataFrame:
    """The municipalities of a region, by name."""
    return database.query("region_municipalities", region_id=region_id)


@per_version(reveal=False)
def member_names(database: Database, region_id: str) -> dict[str, str]:
    """kommunenummer -> name for a region's municipalities, by name; once per version (the sidebar's
    pickers ask on every run)."""
    found = members(database, region_id)
    return dict(zip(found["kommunenummer"], found["name"], strict=True))


@per_version(reveal=False)
def municipalities(database: Database) -> pl.DataFrame:
    """Every municipality of today, with its county and SSB economic region."""
    return database.query("municipalities")


@per_version(reveal=False)
def code_history(database: Database) -> pl.DataFrame:
    """Every kommunenummer used since 1994 and what it is today."""
    return database.query("code_history")


@per_version(reveal=False)
def region_years(database: Database, region_id: str) -> list[int]:
    """The years in which a region's municipalities have figures for the themes, newest first."""
    return database.query("region_years", region_id=region_id)["year"].to_list()


@per_version(reveal=False)
def newest_year(database: Database, indicator_ids: tuple[str, ...]) -> int | None:
    """The newest year with figures for the first of these indicators that has any."""
    for indicator_id in indicator_ids:
        year = database.query("latest_year", indicator_id=indicator_id)["year"][0]
        if year is not None:
            return year
    return None


def resolve_municipality(text: str, municipalities: pl.DataFrame, code_history: pl.DataFrame) -> str:
    """A kommunenummer (also a pre-2024 one) or a name ('Øksnes', 'oksnes') -> today's kommunenummer."""
    text = text.strip()
    if text.isdigit():
        code = text.zfill(4)
        hits = code_history.filter(pl.col("code") == code)
        if hits.height and hits["status"][0] in ("gjeldende", "erstattet"):
            return hits["current_code"][0]
        if hits.height and hits["status"][0] == "delt":
            raise KompetanseError(_("Kommunenummer {code} ble delt: {note}", code=code, note=hits["note"][0]))
        raise KompetanseError(_("Kommunenummer {code} finnes ikke.", code=text))
    slug = slugify(text)
    matches = [
        slugify(name) == slug or slugify(official) == slug
        for name, official in zip(municipalities["name"], municipalities["official_name"], strict=True)
    ]
    by_name = municipalities.filter(pl.Series(matches, dtype=pl.Boolean))
    if by_name.height == 1:
        return by_name["kommunenummer"][0]
    if by_name.height > 1:
        options = ", ".join(
            f"{r['kommunenummer']} ({r['county_name']})" for r in by_name.iter_rows(named=True)
        )
        raise KompetanseError(
            _("Flere kommuner heter «{name}»: {options}. Bruk kommunenummeret.", name=text, options=options)
        )
    raise KompetanseError(_("Fant ingen kommune som heter «{name}».", name=text))
