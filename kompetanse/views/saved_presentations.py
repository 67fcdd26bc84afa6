"""Saved presentations: a meeting's views in order and the takeaways written for them, under a name.

An editor saves one for a region they edit (the region, or every municipality in it, is in their
scope); anyone who may read the app opens it on the Presentasjon page (?presentasjon=NAVN), as
the meeting pack on Oversikt, or with `python -m kompetanse pack --presentasjon NAVN`. Only the
takeaways that differ from the suggested one-liner are kept, so the others follow the figures of
the year shown. The same edited takeaways travel in a link as ?poeng= (JSON: view id -> text).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from kompetanse.access.roles import User, require_region
from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _, using_language
from kompetanse.rules.formatting import count_noun
from kompetanse.rules.names import slugify
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.views.presentasjon import available_views, build_views, deck, meeting_pack

MAX_NAME_CHARS = 80
MAX_TAKEAWAY_CHARS = 300
MAX_SLIDES = 40
DEFAULT_PACK = N_("Standard møtepakke")


@dataclass(frozen=True)
class SavedPresentation:
    region_id: str
    name: str
    views: tuple[str, ...]
    takeaways: dict[str, str] = field(default_factory=dict, hash=False)  # view id -> the editor's text
    saved_by: str = ""
    saved_at: datetime | None = None


def name_key(name: str) -> str:
    """How names are compared: spaces collapsed, case ignored ('Styremøte  Mars' = 'styremøte mars')."""
    return " ".join(name.split()).casefold()


def clean_name(name: str) -> str:
    """The name as it is saved, or an error in the run's language for an empty, long or unprintable one."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise KompetanseError(_("Gi presentasjonen et navn før du lagrer den."))
    if len(cleaned) > MAX_NAME_CHARS:
        raise KompetanseError(
            _(
                "Navnet kan ha høyst {count} tegn; dette har {length}.",
                count=MAX_NAME_CHARS,
                length=len(cleaned),
            )
        )
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        raise KompetanseError(_("Navnet kan ikke ha kontrolltegn."))
    if name_key(cleaned) == name_key(DEFAULT_PACK):
        raise KompetanseError(
            _("«{name}» er navnet på standardvisningene. Velg et annet navn.", name=_(DEFAULT_PACK))
        )
    return cleaned


def one_line(text: str) -> str:
    """Text as one line: line breaks and tabs become spaces (no-break spaces in numbers stay)."""
    return re.sub(r"[\r\n\t\v\f]+", " ", text).strip()


def clean_takeaways(takeaways: dict, views: tuple[str, ...]) -> dict[str, str]:
    """Only the chosen views' takeaways, as one line each, cut to MAX_TAKEAWAY_CHARS, none empty."""
    cleaned = {}
    for view in views:
        text = takeaways.get(view)
        if isinstance(text, str) and one_line(text):
            cleaned[view] = one_line(text)[:MAX_TAKEAWAY_CHARS]
    return cleaned


def parse_takeaways(text: str | None) -> dict[str, str] | None:
    """?poeng= as the app writes it (a JSON object of view id -> text), or None for anything else."""
    try:
        value = json.loads(text or "")
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or len(value) > MAX_SLIDES:
        return None
    if not all(isinstance(key, str) and isinstance(item, str) for key, item in value.items()):
        return None
    return clean_takeaways(value, tuple(value))


def dump_takeaways(takeaways: dict[str, str]) -> str | None:
    """The edited takeaways for the link (None when there are none)."""
    return json.dumps(takeaways, ensure_ascii=False, separators=(",", ":")) if takeaways else None


@per_version(reveal=False)
def saved_presentations(database: Database, region_id: str) -> dict[str, SavedPresentation]:
    """The presentations saved for a region, keyed by name_key, in name order."""
    found: dict[str, dict] = {}
    for row in database.query("presentations", region_id=region_id).iter_rows(named=True):
        entry = found.setdefault(
            row["name_key"],
            {"name": row["name"], "by": row["saved_by"], "at": row["saved_at"], "views": [], "takeaways": {}},
        )
        entry["views"].append(row["view_id"])
        if row["takeaway"]:
            entry["takeaways"][row["view_id"]] = row["takeaway"]
    return {
        key: SavedPresentation(
            region_id, entry["name"], tuple(entry["views"]), entry["takeaways"], entry["by"], entry["at"]
        )
        for key, entry in found.items()
    }


def find_presentation(database: Database, region_id: str, name: str) -> SavedPresentation | None:
    return saved_presentations(database, region_id).get(name_key(name))


def save_presentation(
    database: Database, region_id: str, name: str, views: tuple[str, ...], takeaways: dict, user: User | None
) -> SavedPresentation:
    """Save (or replace) a region's presentation of this name: its editors or an admin."""
    name = clean_name(name)
    known = available_views(database)
    views = tuple(dict.fromkeys(views))
    if not views:
        raise KompetanseError(_("Velg minst én visning før du lagrer presentasjonen."))
    if len(views) > MAX_SLIDES:
        raise KompetanseError(_("En presentasjon kan ha høyst {count} lysbilder.", count=MAX_SLIDES))
    unknown = [view for view in views if view not in known]
    if unknown:
        raise KompetanseError(_("Ukjent visning: {views}.", views=", ".join(unknown)))
    user = require_region(user, region_id, database, N_("lagre presentasjoner"))
    kept = clean_takeaways(takeaways, views)
    key = name_key(name)
    detail = f"{region_id} «{name}»: {count_noun(len(views), 'lysbilde', 'lysbilder')}"
    at = datetime.now().replace(microsecond=0)
    with database.writing(by=user, action="presentasjon", detail=detail) as writer:
        writer.run("delete_presentation_slides", region_id=region_id, name_key=key)
        writer.run(
            "upsert_presentation",
            region_id=region_id,
            name_key=key,
            name=name,
            saved_by=user.username,
            saved_at=at,
        )
        for position, view in enumerate(views, start=1):
            writer.run(
                "insert_presentation_slide",
                region_id=region_id,
                name_key=key,
                position=position,
                view_id=view,
                takeaway=kept.get(view),
            )
    return SavedPresentation(region_id, name, views, kept, user.username, at)


def delete_presentation(database: Database, region_id: str, name: str, user: User | None) -> None:
    """Delete a region's saved presentation: its editors or an admin."""
    user = require_region(user, region_id, database, N_("slette presentasjoner"))
    saved = find_presentation(database, region_id, name)
    if saved is None:
        raise KompetanseError(_("Fant ingen lagret presentasjon som heter «{name}».", name=name))
    key = name_key(saved.name)
    detail = f"{region_id} «{saved.name}»"
    with database.writing(by=user, action="presentasjon slettet", detail=detail) as writer:
        writer.run("delete_presentation_slides", region_id=region_id, name_key=key)
        writer.run("delete_presentation", region_id=region_id, name_key=key)


def pack_file_name(name: str | None, region: dict, year: int | None) -> str:
    """'motepakke-vesteralen-2024.pptx' for the default views, 'styremote-mars-vesteralen-2024.pptx' else."""
    stem = "motepakke" if name is None or name_key(name) == name_key(DEFAULT_PACK) else slugify(name)
    return f"{stem or 'presentasjon'}-{slugify(region['name'])}-{year or 'nyeste'}.pptx"


def pack(
    database: Database, region: dict, year: int | None, name: str | None = None, language: str | None = None
) -> bytes:
    """The meeting pack: the saved presentation of this name, or the default views without a name;
    in `language` ('nb' or 'nn'; the command line's --maal), else in the active one."""
    if language is not None:
        with using_language(language):
            return pack(database, region, year, name)
    if name is None or name_key(name) == name_key(DEFAULT_PACK):
        return meeting_pack(database, region, year)
    saved = find_presentation(database, region["region_id"], name)
    if saved is None:
        names = ", ".join(f"«{p.name}»" for p in saved_presentations(database, region["region_id"]).values())
        missing = _(
            "Fant ingen lagret presentasjon som heter «{name}» for {region}.",
            name=name,
            region=region["name"],
        )
        others = _("Lagrede: {names}.", names=names) if names else _("Ingen er lagret for regionen ennå.")
        raise KompetanseError(f"{missing} {others}")
    return deck(region, build_views(database, region, year, saved.views), saved.takeaways)
