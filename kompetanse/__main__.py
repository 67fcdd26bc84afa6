"""Command line: python -m kompetanse build | import FILE | export --out FILE  [--db PATH]."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from kompetanse.build import open_current
from kompetanse.config import database_path
from kompetanse.errors import KompetanseError
from kompetanse.formatting import count_noun


def _build(args: argparse.Namespace) -> int:
    from kompetanse.build import build

    path = database_path(args.db)
    counts = build(path, scale=args.scale)
    print(
        f"Bygde {path}: {counts['municipality']} kommuner, {counts['region']} regioner, "
        f"{counts['indicator']} indikatorer, {counts['observation']} observasjoner."
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from kompetanse.ingest import apply_import, plan_import

    source = Path(args.file)
    if not source.is_file():
        raise KompetanseError(f"Fant ikke filen {source}.")
    path = database_path(args.db)
    database = open_current(path)
    try:
        plan = plan_import(source.read_bytes(), source.name, database)
    finally:
        database.close()
    for notice in plan.notices:
        print(f"Merk: {notice}")
    print(plan.describe())
    if args.dry_run:
        print("Prøvekjøring: ingenting er skrevet.")
        return 0
    summary = apply_import(path, plan, user=f"cli:{getpass.getuser()}")
    print(summary.describe(plan.file_name))
    return 0


def _fetch_ssb(args: argparse.Namespace) -> int:
    from kompetanse.ingest import apply_import, plan_import
    from kompetanse.jsonstat import fetch_ssb

    path = database_path(args.db)
    raw = fetch_ssb(args.table, args.from_year)
    database = open_current(path)
    try:
        plan = plan_import(raw, f"ssb-{args.table}.json", database)
    finally:
        database.close()
    print(plan.describe())
    if args.dry_run:
        print("Prøvekjøring: ingenting er skrevet.")
        return 0
    print(apply_import(path, plan, user=f"cli:{getpass.getuser()}").describe(plan.file_name))
    return 0


def _pack(args: argparse.Namespace) -> int:
    from kompetanse.meeting_pack import meeting_pack

    database = open_current(database_path(args.db))
    try:
        region = _find_region(database, args.region)
        deck = meeting_pack(database, region, args.year)
    finally:
        database.close()
    Path(args.out).write_bytes(deck)
    print(f"Skrev møtepakken for {region['name']} til {args.out}.")
    return 0


def _imports(args: argparse.Namespace) -> int:
    database = open_current(database_path(args.db))
    try:
        log = database.query("import_log")
    finally:
        database.close()
    if log.is_empty():
        print("Ingen importer ennå.")
    for row in log.iter_rows(named=True):
        undone = (
            f" – angret {row['undone_at']:%d.%m.%Y %H:%M} av {row['undone_by']}" if row["undone_at"] else ""
        )
        print(
            f"nr. {row['import_id']}: {row['file_name']} {row['imported_at']:%d.%m.%Y %H:%M} "
            f"av {row['imported_by']}: "
            f"{row['rows_new']} nye, {row['rows_changed']} endret, {row['rows_unchanged']} uendret{undone}"
        )
    return 0


def _undo(args: argparse.Namespace) -> int:
    from kompetanse.ingest import undo_import

    print(undo_import(database_path(args.db), args.import_id, user=f"cli:{getpass.getuser()}"))
    return 0


def _export(args: argparse.Namespace) -> int:
    from kompetanse.export import export_csv

    database = open_current(database_path(args.db))
    try:
        count = export_csv(database, Path(args.out))
    finally:
        database.close()
    print(f"Skrev {count} rader til {args.out}.")
    return 0


def _find_region(database, name: str) -> dict:
    from kompetanse.regions import all_regions, find_region

    region = find_region(all_regions(database), name)
    if region is None:
        raise KompetanseError(f"Fant ingen region eller nettverk som heter «{name}».")
    return region


def _region_list(args: argparse.Namespace) -> int:
    from kompetanse.regions import all_regions, region_label

    database = open_current(database_path(args.db))
    try:
        for region in all_regions(database).iter_rows(named=True):
            members = count_noun(region["member_count"], "kommune", "kommuner")
            print(f"{region['region_id']:<28}{region_label(region)} – {members}")
    finally:
        database.close()
    return 0


def _region_show(args: argparse.Namespace) -> int:
    from kompetanse.regions import members, region_label

    database = open_current(database_path(args.db))
    try:
        region = _find_region(database, args.name)
        print(f"{region_label(region)} ({region['region_id']}):")
        for row in members(database, region["region_id"]).iter_rows(named=True):
            print(f"  {row['kommunenummer']} {row['name']}")
    finally:
        database.close()
    return 0


def _network_add(args: argparse.Namespace) -> int:
    from kompetanse.networks import plan_network, save_network

    path = database_path(args.db)
    database = open_current(path)
    try:
        network = plan_network(database, args.name, args.municipalities)
    finally:
        database.close()
    save_network(path, network)
    print(
        f"Lagret nettverket «{network.name}» med {count_noun(len(network.members), 'kommune', 'kommuner')}."
    )
    return 0


def _network_remove(args: argparse.Namespace) -> int:
    from kompetanse.networks import delete_network

    path = database_path(args.db)
    database = open_current(path)
    try:
        region = _find_region(database, args.name)
    finally:
        database.close()
    if region["kind"] != "nettverk":
        raise KompetanseError(f"«{region['name']}» er en av SSBs økonomiske regioner og kan ikke slettes.")
    delete_network(path, region["region_id"])
    print(f"Slettet nettverket «{region['name']}».")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m kompetanse", description="Kompetanse og rekruttering i kommunene."
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    db_help = "databasefil (standard: $KOMPETANSE_DB eller data/kompetanse.duckdb)"

    build = commands.add_parser("build", help="bygg databasen fra filene i data/")
    build.add_argument("--db", help=db_help)
    build.add_argument(
        "--scale",
        choices=["standard", "national", "none"],
        default="standard",
        help="eksempeldata: standard (8 år), national (20 år, for måling) eller none",
    )
    build.set_defaults(run=_build)

    imp = commands.add_parser("import", help="importer en CSV- eller Excel-fil (langt format eller mal)")
    imp.add_argument("file", metavar="FIL")
    imp.add_argument("--db", help=db_help)
    imp.add_argument("--dry-run", action="store_true", help="vis hva som ville blitt endret, uten å skrive")
    imp.set_defaults(run=_import)

    fetch = commands.add_parser("fetch-ssb", help="hent offisielle tall fra SSBs API og importer dem")
    fetch.add_argument("--table", default="07459", help="SSB-tabell (støttet: 07459)")
    fetch.add_argument("--from-year", type=int, default=2020, metavar="ÅR")
    fetch.add_argument("--dry-run", action="store_true", help="vis hva som ville blitt endret, uten å skrive")
    fetch.add_argument("--db", help=db_help)
    fetch.set_defaults(run=_fetch_ssb)

    pack = commands.add_parser("pack", help="lag en møtepakke (PowerPoint) for en region")
    pack.add_argument("--region", required=True, metavar="NAVN")
    pack.add_argument("--out", required=True, metavar="FIL.pptx")
    pack.add_argument("--year", type=int, metavar="ÅR", help="standard: nyeste år med tall")
    pack.add_argument("--db", help=db_help)
    pack.set_defaults(run=_pack)

    log = commands.add_parser("imports", help="list importene")
    log.add_argument("--db", help=db_help)
    log.set_defaults(run=_imports)

    undo = commands.add_parser("undo", help="angre en import")
    undo.add_argument("import_id", type=int, metavar="NR")
    undo.add_argument("--db", help=db_help)
    undo.set_defaults(run=_undo)

    exp = commands.add_parser("export", help="eksporter alle observasjoner til CSV")
    exp.add_argument("--out", required=True, metavar="FIL")
    exp.add_argument("--db", help=db_help)
    exp.set_defaults(run=_export)

    region = commands.add_parser("region", help="vis regioner og nettverk")
    region_commands = region.add_subparsers(dest="region_command", required=True, metavar="HANDLING")
    listing = region_commands.add_parser("list", help="list alle regioner og nettverk")
    listing.add_argument("--db", help=db_help)
    listing.set_defaults(run=_region_list)
    show = region_commands.add_parser("show", help="vis kommunene i en region (navnet: f.eks. vesteralen)")
    show.add_argument("name", metavar="NAVN")
    show.add_argument("--db", help=db_help)
    show.set_defaults(run=_region_show)

    network = commands.add_parser("network", help="lag eller slett egne nettverk")
    network_commands = network.add_subparsers(dest="network_command", required=True, metavar="HANDLING")
    add = network_commands.add_parser("add", help="lag eller erstatt et nettverk")
    add.add_argument("name", metavar="NAVN")
    add.add_argument("municipalities", nargs="+", metavar="KOMMUNE", help="kommunenummer eller navn")
    add.add_argument("--db", help=db_help)
    add.set_defaults(run=_network_add)
    remove = network_commands.add_parser("remove", help="slett et nettverk")
    remove.add_argument("name", metavar="NAVN")
    remove.add_argument("--db", help=db_help)
    remove.set_defaults(run=_network_remove)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KompetanseError as error:
        print(str(error), file=sys.stderr)
        return 1
    except Exception as error:  # the user never sees a traceback
        if os.environ.get("KOMPETANSE_DEBUG"):
            raise
        print(
            f"Uventet feil: {type(error).__name__}: {error}. Kjør med KOMPETANSE_DEBUG=1 for detaljer.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
