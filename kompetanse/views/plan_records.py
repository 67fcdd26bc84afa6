"""Recording a competence plan: the record from the form, its checks, saving and deleting it.

Every write goes through `database.writing`, is logged and backed up, and works the municipality-year's
`kompetanseplan_andel` out anew in the same transaction (rules/plans.py says how). The page's views of
the plans are in views/kompetanseplaner.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from kompetanse.access.roles import User, require_municipalities
from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.rules.plans import cutoff
from kompetanse.store.build import refresh_plan_shares
from kompetanse.store.db import Database

WHAT = N_("registrere kompetanseplaner")
MAX_UNIT = 120
MAX_PRIORITY = 80
MAX_PRIORITIES = 20
MAX_NOTE = 500
FIRST_YEAR = 2000


@dataclass(frozen=True)
class PlanRecord:
    """What an editor records for one service area (unit '') or unit in one year."""

    kommunenummer: str | None
    year: int | None
    area_id: str | None
    unit: str = ""
    has_plan: bool = True
    last_revised: date | None = None
    period_start: int | None = None
    period_end: int | None = None
    priorities: tuple[str, ...] = ()
    project_ids: tuple[str, ...] = ()
    note: str = ""


def _clean(texts) -> list[str]:
    return list(dict.fromkeys(" ".join(text.split()) for text in texts if text and text.strip()))


def check_plan(record: PlanRecord, areas: set[str], projects: set[str], today: date) -> list[str]:
    """Every problem with a record from the form, in Norwegian; empty when it can be saved."""
    problems = []
    if not record.kommunenummer:
        problems.append(_("Velg kommune."))
    if record.year is None or not FIRST_YEAR <= record.year <= today.year:
        problems.append(_("Året må være mellom {first} og {last}.", first=FIRST_YEAR, last=today.year))
    if record.area_id not in areas:
        problems.append(_("Velg tjenesteområde."))
    if len(record.unit.strip()) > MAX_UNIT:
        problems.append(_("Enhetsnavnet kan ha høyst {n} tegn.", n=MAX_UNIT))
    priorities = _clean(record.priorities)
    if len(priorities) > MAX_PRIORITIES or any(len(text) > MAX_PRIORITY for text in priorities):
        problems.append(
            _(
                "Skriv høyst {n} prioriterte kompetanser på høyst {length} tegn hver.",
                n=MAX_PRIORITIES,
                length=MAX_PRIORITY,
            )
        )
    if set(record.project_ids) - projects:
        problems.append(_("Ukjent tiltak."))
    if len(record.note.strip()) > MAX_NOTE:
        problems.append(_("Merknaden kan ha høyst {n} tegn.", n=MAX_NOTE))
    if not record.has_plan:
        if (
            record.last_revised
            or record.period_start
            or record.period_end
            or priorities
            or record.project_ids
        ):
            problems.append(
                _("Uten plan kan det ikke være revisjonsdato, periode, prioriteringer eller tiltak.")
            )
        return problems
    if record.last_revised is None:
        problems.append(_("Oppgi når planen sist ble revidert."))
    elif record.year is not None and FIRST_YEAR <= record.year <= today.year:
        last = cutoff(record.year, today)
        if not date(1990, 1, 1) <= record.last_revised <= last:
            problems.append(
                _(
                    "Revisjonsdatoen må være mellom 01.01.1990 og {last} (registreringen gjelder {year}).",
                    last=f"{last:%d.%m.%Y}",
                    year=record.year,
                )
            )
    start, end = record.period_start, record.period_end
    for year, message in (
        (start, N_("Periodens første år må være mellom 1990 og 2100.")),
        (end, N_("Periodens siste år må være mellom 1990 og 2100.")),
    ):
        if year is not None and not 1990 <= year <= 2100:
            problems.append(_(message))
    if start and end and end < start:
        problems.append(_("Perioden kan ikke slutte før den begynner."))
    return problems


def save_plan(database: Database, record: PlanRecord, user: User | None, today: date | None = None) -> str:
    """Record (or replace) one plan; an editor only for their own municipalities. Returns a confirmation."""
    today = today or date.today()
    areas = set(database.query("service_areas")["area_id"])
    projects = set(database.query("project_search_words")["entry_id"])
    problems = check_plan(record, areas, projects, today)
    if problems:
        raise KompetanseError(" ".join(problems))
    user = require_municipalities(user, [record.kommunenummer], database, WHAT)
    unit = " ".join(record.unit.split())
    where = f"{record.kommunenummer} {record.year} {record.area_id}" + (f" / {unit}" if unit else "")
    # The log line and the record's source are data, written in bokmål whatever the reader's målform.
    state = (
        N_("plan revidert {day}").format(day=f"{record.last_revised:%d.%m.%Y}")
        if record.has_plan
        else N_("ingen plan")
    )
    detail = f"{where}: {state}"
    with database.writing(by=user, action="kompetanseplan", detail=detail) as writer:
        writer.run(
            "upsert_competence_plan",
            kommunenummer=record.kommunenummer,
            year=record.year,
            area_id=record.area_id,
            unit=unit,
            has_plan=record.has_plan,
            last_revised=record.last_revised,
            period_start=record.period_start,
            period_end=record.period_end,
            priorities=_clean(record.priorities),
            project_ids=list(dict.fromkeys(record.project_ids)),
            note=record.note.strip() or None,
            source=N_("Registrert i appen av {name}").format(name=user.display_name),
            registered_by=user.username,
            registered_at=datetime.now().replace(microsecond=0),
        )
        refresh_plan_shares(writer, today, record.kommunenummer, record.year)
    return _("Kompetanseplanen for {where} er lagret.", where=where)


def delete_plan(
    database: Database, key: tuple[str, int, str, str], user: User | None, today: date | None = None
) -> str:
    """Remove one record (kommunenummer, year, area_id, unit); an editor only for their own municipalities."""
    kommunenummer, year, area_id, unit = key
    user = require_municipalities(user, [kommunenummer], database, WHAT)
    where = f"{kommunenummer} {year} {area_id}" + (f" / {unit}" if unit else "")
    with database.writing(by=user, action="kompetanseplan_slettet", detail=where) as writer:
        writer.run(
            "delete_competence_plan", kommunenummer=kommunenummer, year=year, area_id=area_id, unit=unit
        )
        refresh_plan_shares(writer, today or date.today(), kommunenummer, year)
    return _("Registreringen for {where} er slettet.", where=where)


def plan_to_edit(database: Database, kommunenummer: str, area_id: str, unit: str, year: int) -> dict:
    """The record the form starts from: this year's, else the newest earlier one (copied forward), else {}."""
    known = database.query("competence_plans", kommunenummer=kommunenummer, year=None, region_id=None)
    same = known.filter((pl.col("area_id") == area_id) & (pl.col("unit") == unit) & (pl.col("year") <= year))
    return same.sort("year").row(-1, named=True) if same.height else {}
