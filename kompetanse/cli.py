"""Command line: build, import, undo, users, settings, restore, export, ... (`python -m kompetanse -h`).

This module builds the parser; commands.py holds what each command does.
"""

from __future__ import annotations

import argparse
import os
import sys

from kompetanse.access.settings import read_settings
from kompetanse.cli_parser import Parser
from kompetanse.commands import (
    _audit,
    _build,
    _export,
    _import,
    _imports,
    _network_add,
    _network_remove,
    _pack,
    _region_list,
    _region_show,
    _restore,
    _settings,
    _undo,
    _update,
    _user_active,
    _user_add,
    _user_list,
    _user_password,
)
from kompetanse.config import database_path
from kompetanse.errors import KompetanseError
from kompetanse.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, language_code, using_language
from kompetanse.store.db import Database


def parser() -> argparse.ArgumentParser:
    main = Parser(prog="kompetanse", description=_("Kompetanse og rekruttering i kommunene."))
    main.add_argument(
        "--maal",
        dest="maal",
        choices=LANGUAGES,
        help=_("målform: nb (bokmål) eller nn (nynorsk); standard: innstillingen Standard målform"),
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    db_help = _("databasefil (standard: $KOMPETANSE_DB eller data/kompetanse.duckdb)")

    build = commands.add_parser("build", help=_("bygg databasen fra filene i data/"))
    build.add_argument("--db", help=db_help)
    build.add_argument(
        "--scale",
        choices=["standard", "national", "none"],
        default="standard",
        help=_("eksempeldata: standard (8 år), national (20 år, for måling) eller none"),
    )
    build.set_defaults(run=_build)

    imp = commands.add_parser("import", help=_("importer en CSV- eller Excel-fil (langt format eller mal)"))
    imp.add_argument("file", metavar="FIL")
    imp.add_argument("--db", help=db_help)
    imp.add_argument(
        "--dry-run", action="store_true", help=_("vis hva som ville blitt endret, uten å skrive")
    )
    imp.add_argument(
        "--andeler",
        choices=["prosent", "andel"],
        help=_(
            "når alle verdiene for en andel er 1 eller mindre: prosent (0,455 = 0,455 %%) "
            "eller andel (0,455 = 45,5 %%)"
        ),
    )
    imp.add_argument(
        "--bekreft",
        dest="confirm",
        action="store_true",
        help=_("importer også verdier som endrer seg mer enn 50 %% fra året før"),
    )
    imp.set_defaults(run=_import)

    update = commands.add_parser("oppdater", help=_("hent offisielle tall fra SSB, KLASS og Udir"))
    update.add_argument("--kilde", choices=["ssb", "klass", "udir", "alle"], default="alle")
    update.add_argument("--fra-aar", type=int, metavar=_("ÅR"), help=_("SSB-tall fra og med dette året"))
    update.add_argument(
        "--dry-run", action="store_true", help=_("vis hva som ville blitt endret, uten å skrive")
    )
    update.add_argument("--db", help=db_help)
    update.set_defaults(run=_update)

    pack = commands.add_parser("pack", help=_("lag en møtepakke (PowerPoint) for en region"))
    pack.add_argument("--region", required=True, metavar="NAVN")
    pack.add_argument("--out", required=True, metavar="FIL.pptx")
    pack.add_argument("--year", type=int, metavar=_("ÅR"), help=_("standard: nyeste år med tall"))
    pack.add_argument(
        "--presentasjon",
        dest="presentation",
        metavar="NAVN",
        help=_("en presentasjon lagret for regionen (standard: standardvisningene)"),
    )
    pack.add_argument(
        "--maal",
        dest="language",
        choices=LANGUAGES,
        help=_("målform: nb (bokmål) eller nn (nynorsk); standard: innstillingen Standard målform"),
    )
    pack.add_argument("--db", help=db_help)
    pack.set_defaults(run=_pack)

    log = commands.add_parser("imports", help=_("list importene"))
    log.add_argument("--db", help=db_help)
    log.set_defaults(run=_imports)

    undo = commands.add_parser("undo", help=_("angre en import"))
    undo.add_argument("import_id", type=int, metavar="NR")
    undo.add_argument("--db", help=db_help)
    undo.set_defaults(run=_undo)

    exp = commands.add_parser("export", help=_("eksporter alle observasjoner til CSV"))
    exp.add_argument("--out", required=True, metavar="FIL")
    exp.add_argument("--db", help=db_help)
    exp.set_defaults(run=_export)

    region = commands.add_parser("region", help=_("vis regioner og nettverk"))
    region_commands = region.add_subparsers(dest="region_command", required=True, metavar="HANDLING")
    listing = region_commands.add_parser("list", help=_("list alle regioner og nettverk"))
    listing.add_argument("--db", help=db_help)
    listing.set_defaults(run=_region_list)
    show = region_commands.add_parser("show", help=_("vis kommunene i en region (navnet: f.eks. vesteralen)"))
    show.add_argument("name", metavar="NAVN")
    show.add_argument("--db", help=db_help)
    show.set_defaults(run=_region_show)

    network = commands.add_parser("network", help=_("lag eller slett egne nettverk"))
    network_commands = network.add_subparsers(dest="network_command", required=True, metavar="HANDLING")
    add = network_commands.add_parser("add", help=_("lag eller erstatt et nettverk"))
    add.add_argument("name", metavar="NAVN")
    add.add_argument("municipalities", nargs="+", metavar="KOMMUNE", help=_("kommunenummer eller navn"))
    add.add_argument("--db", help=db_help)
    add.set_defaults(run=_network_add)
    remove = network_commands.add_parser("remove", help=_("slett et nettverk"))
    remove.add_argument("name", metavar="NAVN")
    remove.add_argument("--db", help=db_help)
    remove.set_defaults(run=_network_remove)

    user = commands.add_parser("user", help=_("brukere: legg til, list, deaktiver, bytt passord"))
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="HANDLING")
    user_add = user_commands.add_parser("add", help=_("legg til eller endre en bruker (spør om passord)"))
    user_add.add_argument("name", metavar="NAVN", help=_("brukernavn (små bokstaver)"))
    user_add.add_argument("--role", required=True, help=_("reader (leser), editor (redaktør) eller admin"))
    user_add.add_argument(
        "--kommune", action="append", metavar="KOMMUNE", help=_("for redaktører; kan gjentas")
    )
    user_add.add_argument(
        "--region", action="append", metavar="REGION", help=_("for redaktører; kan gjentas")
    )
    user_add.add_argument("--display-name", metavar="NAVN", help=_("navnet som vises i appen"))
    user_add.add_argument("--email", help=_("e-post for innlogging med OIDC (ID-porten, Entra ID)"))
    user_add.add_argument(
        "--oidc-only", action="store_true", help=_("uten passord: bare innlogging med OIDC")
    )
    user_add.add_argument("--password-stdin", action="store_true", help=_("les passordet fra standard inn"))
    user_add.add_argument("--db", help=db_help)
    user_add.set_defaults(run=_user_add)
    user_list = user_commands.add_parser("list", help=_("list brukerne"))
    user_list.add_argument("--db", help=db_help)
    user_list.set_defaults(run=_user_list)
    for name, active, text in (
        ("disable", False, _("deaktiver en bruker")),
        ("enable", True, _("aktiver en bruker")),
    ):
        toggle = user_commands.add_parser(name, help=text)
        toggle.add_argument("name", metavar="NAVN")
        toggle.add_argument("--db", help=db_help)
        toggle.set_defaults(run=_user_active, active=active)
    passwd = user_commands.add_parser("passwd", help=_("sett nytt passord for en bruker"))
    passwd.add_argument("name", metavar="NAVN")
    passwd.add_argument("--password-stdin", action="store_true", help=_("les passordet fra standard inn"))
    passwd.add_argument("--db", help=db_help)
    passwd.set_defaults(run=_user_password)

    settings = commands.add_parser("settings", help=_("vis eller endre innstillinger"))
    settings.add_argument("key", nargs="?", metavar=_("NØKKEL"))
    settings.add_argument("value", nargs="?", metavar="VERDI")
    settings.add_argument("--db", help=db_help)
    settings.set_defaults(run=_settings)

    restore = commands.add_parser("restore", help=_("gjenopprett en sikkerhetskopi (standard: den nyeste)"))
    restore.add_argument("which", nargs="?", metavar="NR|FIL", help=_("nummer i listen eller filnavn"))
    restore.add_argument("--list", action="store_true", help=_("list sikkerhetskopiene"))
    restore.add_argument("--db", help=db_help)
    restore.set_defaults(run=_restore)

    audit = commands.add_parser("audit", help=_("vis loggen over alle endringer"))
    audit.add_argument("--limit", type=int, default=50, metavar="ANTALL")
    audit.add_argument("--db", help=db_help)
    audit.set_defaults(run=_audit)
    return main


def _asked_language(argv: list[str]) -> str | None:
    """The målform named on the command line (`--maal nn`, `--maal=nn`), before argparse has run:
    the help texts and argparse's own errors are in that language."""
    for index, word in enumerate(argv):
        if word == "--maal" and index + 1 < len(argv):
            return language_code(argv[index + 1])
        if word.startswith("--maal="):
            return language_code(word.partition("=")[2])
    return None


def _installation_language(args: argparse.Namespace) -> str:
    """The setting «Standard målform» of the database the command works on; bokmål when there is no
    readable database yet (build, restore of a broken file)."""
    try:
        path = database_path(getattr(args, "db", None))
        if not path.is_file():
            return DEFAULT_LANGUAGE
        database = Database(path)
        try:
            return read_settings(database).default_language
        finally:
            database.close()
    except Exception:  # an unreadable file: the command itself explains that
        return DEFAULT_LANGUAGE


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    with using_language(_asked_language(argv) or DEFAULT_LANGUAGE):
        args = parser().parse_args(argv)
    language = args.maal or getattr(args, "language", None) or _installation_language(args)
    args.language = language
    with using_language(language):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return args.run(args)
    except KompetanseError as error:
        print(str(error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Avbrutt. En skriving som ikke var ferdig, er ikke lagret."), file=sys.stderr)
        return 130
    except Exception as error:  # the user never sees a traceback
        if os.environ.get("KOMPETANSE_DEBUG"):
            raise
        print(
            _(
                "Noe gikk galt som programmet ikke ventet. Databasen er uendret hvis feilen kom under en "
                "skriving (den skrives alltid helt eller ikke i det hele tatt). Kjør kommandoen på nytt med "
                "KOMPETANSE_DEBUG=1 for detaljer til den som drifter løsningen ({error}).",
                error=type(error).__name__,
            ),
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
