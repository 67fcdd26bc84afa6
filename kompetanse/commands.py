"""What each command of the command line does (cli.py builds the parser and runs them).

The command line runs as the server's operator and counts as an admin (access.command_line_user).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from kompetanse.access.audit import audit_log
from kompetanse.access.networks import delete_network, plan_network, save_network
from kompetanse.access.roles import ROLES, command_line_user
from kompetanse.access.settings import LABELS, change_setting, read_settings
from kompetanse.access.users import plan_user, save_user, scope_text, set_password, set_user_active, users
from kompetanse.config import database_path
from kompetanse.errors import KompetanseError
from kompetanse.exports.canonical_csv import export_csv
from kompetanse.i18n import _, using_language
from kompetanse.ingest.imports import (
    MAX_COMMAND_LINE_MB,
    apply_import,
    check_size,
    plan_import,
    safe_file_name,
    undo_import,
)
from kompetanse.rules.formatting import MB, count_noun
from kompetanse.rules.regions import all_regions, find_region, members, region_label
from kompetanse.sources import runs
from kompetanse.sources.fetching import chosen_sources
from kompetanse.store.backups import backups, choose_backup, restore_backup
from kompetanse.store.build import build, open_current
from kompetanse.store.db import Database
from kompetanse.views.oppdatering import describe_plan, progress_printer
from kompetanse.views.saved_presentations import pack


def _build(args: argparse.Namespace) -> int:
    path = database_path(args.db)
    counts = build(path, scale=args.scale, by=_operator().log_name)
    print(
        _(
            "Bygde {path}: {municipalities} kommuner, {regions} regioner, "
            "{indicators} indikatorer, {observations} observasjoner.",
            path=path,
            municipalities=counts["municipality"],
            regions=counts["region"],
            indicators=counts["indicator"],
            observations=counts["observation"],
        )
    )
    return 0


@contextmanager
def _reading(path: Path) -> Iterator[Database]:
    """The database opened for reading (migrated if older), closed afterwards."""
    database = open_current(path)
    try:
        yield database
    finally:
        database.close()


def _operator():
    return command_line_user(getpass.getuser())


def _import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise KompetanseError(_("Fant ikke filen {file}.", file=source))
    limit = MAX_COMMAND_LINE_MB * MB
    check_size(source.stat().st_size, safe_file_name(source.name), limit)  # before reading it into memory
    with _reading(database_path(args.db)) as database:
        plan = plan_import(
            source.read_bytes(), source.name, database, _operator(), max_bytes=limit, shares=args.andeler
        )
        if plan.question:
            raise KompetanseError(
                _(
                    "{question} Kjør på nytt med --andeler prosent eller --andeler andel.",
                    question=plan.question,
                )
            )
        for notice in plan.notices:
            print(_("Merk: {notice}", notice=notice))
        print(plan.describe())
        if args.dry_run:
            print(_("Prøvekjøring: ingenting er skrevet."))
            return 0
        if plan.must_confirm and not args.confirm:
            raise KompetanseError(
                _(
                    "{values} endrer seg mer enn 50 % fra året før "
                    "(se over). Sjekk tallene; stemmer de, kjør kommandoen igjen med --bekreft.",
                    values=count_noun(plan.confirm_count, _("verdi"), _("verdier")),
                )
            )
        summary = apply_import(database, plan, user=_operator(), confirmed=args.confirm)
    print(summary.describe(plan.file_name))
    return 0


def _update(args: argparse.Namespace) -> int:
    """Fetch official figures and write them in one transaction; exit 0 also when nothing is new."""
    sources = chosen_sources(args.kilde)
    with _reading(database_path(args.db)) as database:
        try:
            plan = runs.prepare(database, _operator(), sources, args.fra_aar, progress_printer(sys.stderr))
            print(describe_plan(plan))
            print(runs.finish(database, plan, _operator(), dry_run=args.dry_run))
        except Exception as error:  # a failed update exits 1 with a Norwegian message, whatever the cause
            if isinstance(error, KompetanseError) or os.environ.get("KOMPETANSE_DEBUG"):
                raise
            raise KompetanseError(
                _("{failure} Kjør med KOMPETANSE_DEBUG=1 for detaljer.", failure=runs.failure_text(error))
            ) from None
    return 0


def _pack(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        region = _find_region(database, args.region)
        language = getattr(args, "language", None) or read_settings(database).default_language
        deck = pack(database, region, args.year, args.presentation, language)
    Path(args.out).write_bytes(deck)
    with using_language(language):
        if args.presentation:
            what = _("presentasjonen «{name}»", name=args.presentation)
        else:
            what = _("møtepakken")
        print(_("Skrev {what} for {region} til {path}.", what=what, region=region["name"], path=args.out))
    return 0


def _imports(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        log = database.query("import_log")
    if log.is_empty():
        print(_("Ingen importer ennå."))
    for row in log.iter_rows(named=True):
        undone = (
            _(
                " – angret {when} av {user}",
                when=f"{row['undone_at']:%d.%m.%Y %H:%M}",
                user=row["undone_by"],
            )
            if row["undone_at"]
            else ""
        )
        print(
            _(
                "nr. {number}: {file} {when} av {user}: {new} nye, {changed} endret, {unchanged} uendret"
                "{undone}",
                number=row["import_id"],
                file=row["file_name"],
                when=f"{row['imported_at']:%d.%m.%Y %H:%M}",
                user=row["imported_by"],
                new=row["rows_new"],
                changed=row["rows_changed"],
                unchanged=row["rows_unchanged"],
                undone=undone,
            )
        )
    return 0


def _undo(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        print(undo_import(database, args.import_id, user=_operator()))
    return 0


def _export(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        count = export_csv(database, Path(args.out))
    print(_("Skrev {count} rader til {path}.", count=count, path=args.out))
    return 0


def _find_region(database, name: str) -> dict:
    region = find_region(all_regions(database), name)
    if region is None:
        raise KompetanseError(_("Fant ingen region eller nettverk som heter «{name}».", name=name))
    return region


def _region_list(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        for region in all_regions(database).iter_rows(named=True):
            members = count_noun(region["member_count"], _("kommune"), _("kommuner"))
            print(f"{region['region_id']:<28}{region_label(region)} – {members}")
    return 0


def _region_show(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        region = _find_region(database, args.name)
        print(f"{region_label(region)} ({region['region_id']}):")
        for row in members(database, region["region_id"]).iter_rows(named=True):
            print(f"  {row['kommunenummer']} {row['name']}")
    return 0


def _network_add(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        network = plan_network(database, args.name, args.municipalities)
        save_network(database, network, _operator())
    print(
        _(
            "Lagret nettverket «{name}» med {members}.",
            name=network.name,
            members=count_noun(len(network.members), _("kommune"), _("kommuner")),
        )
    )
    return 0


def _network_remove(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        region = _find_region(database, args.name)
        if region["kind"] != "nettverk":
            raise KompetanseError(
                _("«{name}» er en av SSBs økonomiske regioner og kan ikke slettes.", name=region["name"])
            )
        delete_network(database, region["region_id"], _operator())
    print(_("Slettet nettverket «{name}».", name=region["name"]))
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(_("Passord: "))
    if getpass.getpass(_("Gjenta passordet: ")) != first:
        raise KompetanseError(_("Passordene er ikke like."))
    return first


def _user_add(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        row = plan_user(
            database,
            args.name,
            args.role,
            display_name=args.display_name,
            kommuner=args.kommune or (),
            regions=args.region or (),
            email=args.email,
        )
        password = None if args.oidc_only else _read_password(args)
        save_user(database, row, password, _operator())
        scope = scope_text(database, row["kommuner"], row["regions"])
    role_name = ROLES[row["role"]]
    role = _(role_name)
    if scope:
        print(_("Lagret brukeren {user} ({role} for {scope}).", user=row["username"], role=role, scope=scope))
    else:
        print(_("Lagret brukeren {user} ({role}).", user=row["username"], role=role))
    return 0


def _user_list(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        found = users(database)
        scopes = [
            scope_text(database, row["kommuner"] or [], row["regions"] or [])
            for row in found.iter_rows(named=True)
        ]
    if found.is_empty():
        print(_('Ingen brukere ennå. Legg til en med: make user ARGS="add NAVN --role admin"'))
    for row, scope in zip(found.iter_rows(named=True), scopes):
        login = _("passord") if row["password_hash"] else "OIDC"
        state = "" if row["active"] else _(" – deaktivert")
        role_name = ROLES[row["role"]]
        print(
            f"{row['username']:<24}{_(role_name):<15}{scope or '-':<30}"
            f"{login}{' / ' + row['email'] if row['email'] else ''}{state}"
        )
    return 0


def _user_active(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        set_user_active(database, args.name, args.active, _operator())
    if args.active:
        print(_("Brukeren {user} er aktivert.", user=args.name))
    else:
        print(_("Brukeren {user} er deaktivert.", user=args.name))
    return 0


def _user_password(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        set_password(database, args.name.strip().lower(), _read_password(args), _operator())
    print(_("Passordet til {user} er endret.", user=args.name))
    return 0


def _settings(args: argparse.Namespace) -> int:
    if args.key is not None and args.value is None:
        raise KompetanseError(_("Oppgi en verdi: .venv/bin/kompetanse settings NØKKEL VERDI"))
    with _reading(database_path(args.db)) as database:
        current = (
            change_setting(database, args.key, args.value, _operator())
            if args.key is not None
            else read_settings(database)
        )
    for key, value in asdict(current).items():
        shown = (_("ja") if value else _("nei")) if isinstance(value, bool) else value
        print(f"{key:<22}{shown!s:<8}{_(LABELS[key])}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    path = database_path(args.db)
    if args.list:
        found = backups(path)
        if not found:
            print(_("Ingen sikkerhetskopier ennå."))
        for number, backup in enumerate(found, start=1):
            print(backup.describe(number))
        return 0
    backup = choose_backup(path, args.which)
    print(restore_backup(path, backup, _operator()))
    return 0


def _audit(args: argparse.Namespace) -> int:
    with _reading(database_path(args.db)) as database:
        log = audit_log(database, limit=args.limit)
    for row in log.iter_rows(named=True):
        when = f"{row['logged_at']:%d.%m.%Y %H:%M:%S}"
        print(f"{when}  {row['username']:<28}{row['action']:<16}{row['detail']}")
    return 0
