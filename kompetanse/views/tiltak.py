"""Tiltak og resultater: the project entries (Behov, Mål, Tiltak, Resultat, Forankring), listed and edited."""

from __future__ import annotations

import uuid

import polars as pl

from kompetanse.access.roles import User, require_municipalities, require_region
from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.rules.names import slugify
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

# Labels are catalogue texts, translated where they are shown: `_(FIELDS[field])`.
FIELDS = {
    "need": N_("Behov"),
    "goal": N_("Mål"),
    "measures": N_("Tiltak"),
    "result": N_("Resultat"),
    "anchoring": N_("Forankring"),
}
THEMES = {
    "kompetanse": N_("Kompetanse"),
    "lederutvikling": N_("Lederutvikling"),
    "rekruttering": N_("Rekruttering"),
}
MAX_TITLE = 200
MAX_TEXT = 4000


@per_version(reveal=False)
def entries(
    database: Database,
    kommunenummer: str | None = None,
    region_id: str | None = None,
    theme: str | None = None,
    programme: str | None = None,
    text: str | None = None,
) -> pl.DataFrame:
    """Project entries matching every filter given (None means any); text is searched, never run."""
    return database.query(
        "project_entries",
        kommunenummer=kommunenummer,
        region_id=region_id,
        theme=theme,
        programme=programme,
        text=(text or "").strip() or None,
    )


def check_entry(entry: dict) -> list[str]:
    """Every problem with an entry from the form, in the run's language; empty when it can be saved."""
    problems = []
    title = (entry.get("title") or "").strip()
    if not title:
        problems.append(_("Tittel mangler."))
    if len(title) > MAX_TITLE:
        problems.append(_("Tittelen kan ha høyst {count} tegn.", count=MAX_TITLE))
    if not entry.get("kommunenummer") and not entry.get("region_id"):
        problems.append(_("Velg en kommune eller en region."))
    if not (entry.get("programme") or "").strip():
        problems.append(_("Program eller satsing mangler."))
    for field, label in FIELDS.items():
        label = _(label)
        text = (entry.get(field) or "").strip()
        if field in ("need", "measures") and not text:
            problems.append(_("{label} mangler.", label=label))
        if len(text) > MAX_TEXT:
            problems.append(
                _(
                    "{label} kan ha høyst {count} tegn (har {length}).",
                    label=label,
                    count=MAX_TEXT,
                    length=len(text),
                )
            )
    start, end = entry.get("period_start"), entry.get("period_end")
    years = ((start, _("Startår")), (end, _("Sluttår")), (entry.get("measures_start"), _("Tiltak fra")))
    for year, label in years:
        if year is not None and not 1990 <= int(year) <= 2100:
            problems.append(_("{label} må være mellom 1990 og 2100.", label=label))
    if start and end and int(end) < int(start):
        problems.append(_("Sluttåret kan ikke være før startåret."))
    if not set(entry.get("themes") or []) <= set(THEMES):
        problems.append(_("Ukjent tema."))
    if not entry.get("themes"):
        problems.append(_("Velg minst ett tema."))
    return problems


WHAT = N_("lagre tiltak og resultater")


def _require_place(user: User | None, database: Database, place: dict) -> User:
    """An entry about a municipality needs that municipality, a region-wide one its region."""
    if place.get("kommunenummer"):
        if place["kommunenummer"] not in set(database.query("municipalities")["kommunenummer"]):
            raise KompetanseError(
                _("Fant ingen kommune med kommunenummer «{number}».", number=place["kommunenummer"])
            )
        return require_municipalities(user, [place["kommunenummer"]], database, WHAT)
    return require_region(user, place["region_id"], database, WHAT)


def new_entry_id(title: str) -> str:
    """An id no other entry has or will get: the title for people, a random part for uniqueness."""
    return f"{slugify(title)[:60]}-{uuid.uuid4().hex[:12]}"


def save_entry(database: Database, entry: dict, user: User | None) -> str:
    """Save a new or edited entry; returns its id. Raises KompetanseError with every problem.

    An editor saves entries only for their own municipalities, and edits only entries whose stored
    place is theirs. An edit names the `revision` the form was opened on (the stored one if it names
    none); one made on an entry that changed since is refused, so nobody's text is overwritten.
    """
    problems = check_entry(entry)
    if problems:
        raise KompetanseError(" ".join(problems))
    user = _require_place(user, database, entry)
    entry_id = entry.get("entry_id")
    old = database.query("project_entry_place", entry_id=entry_id) if entry_id else None
    if entry_id and old.is_empty():
        raise KompetanseError(
            _("Fant ikke oppføringen som skulle endres. Den kan være slettet; last siden på nytt.")
        )
    if old is not None:
        _require_place(user, database, old.row(0, named=True))
    values = {key: (entry.get(key) or "").strip() for key in ("title", "programme", *FIELDS)}
    fields = dict(
        **values,
        kommunenummer=entry.get("kommunenummer") or None,
        region_id=entry.get("region_id") or None,
        period_start=entry.get("period_start"),
        period_end=entry.get("period_end"),
        themes=list(entry["themes"]),
        measures_start=entry.get("measures_start"),
        source=(entry.get("source") or "").strip()
        or _("Registrert i appen av {name}", name=user.display_name),
    )
    entry_id = entry_id or new_entry_id(entry["title"])
    with database.writing(by=user, action="tiltak", detail=f"{entry_id}: {values['title']}") as writer:
        if old is None:
            writer.one("insert_project_entry", entry_id=entry_id, **fields)
        else:
            revision = entry.get("revision")
            revision = old["revision"][0] or 0 if revision is None else revision
            if writer.one("update_project_entry", entry_id=entry_id, revision=revision, **fields) is None:
                raise KompetanseError(
                    _(
                        "Oppføringen er endret av noen andre siden du åpnet den, så endringen din er "
                        "ikke lagret. Last siden på nytt, se den nye teksten og gjør endringen igjen."
                    )
                )
    return entry_id
