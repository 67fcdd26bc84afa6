"""argparse in the reader's målform: the usage line, the section titles, the help option and argparse's
own error messages, which the standard library has only in English.

argparse formats its errors in English before it hands them to `error()`; the patterns below turn the
ones a user can cause back into their parts and say them again through the catalogue. A message no
pattern knows is shown as argparse wrote it.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from kompetanse.i18n import N_, _

ERRORS = [  # argparse's English message -> ours (the groups are its placeholders)
    (r"the following arguments are required: (?P<names>.+)", N_("disse argumentene mangler: {names}")),
    (
        r"argument (?P<argument>[^:]+): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
        N_("argumentet {argument}: ugyldig valg {value} (velg mellom {choices})"),
    ),
    (r"argument (?P<argument>[^:]+): expected one argument", N_("argumentet {argument}: trenger én verdi")),
    (
        r"argument (?P<argument>[^:]+): invalid \w+ value: (?P<value>.+)",
        N_("argumentet {argument}: ugyldig verdi {value}"),
    ),
    (
        r"argument (?P<argument>[^:]+): not allowed with argument (?P<other>.+)",
        N_("argumentet {argument} kan ikke brukes sammen med {other}"),
    ),
    (
        r"argument (?P<argument>[^:]+): ignored explicit argument (?P<value>.+)",
        N_("argumentet {argument} tar ingen verdi ({value})"),
    ),
    (r"unrecognized arguments: (?P<names>.+)", N_("ukjente argumenter: {names}")),
    (
        r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)",
        N_("valget {option} kan bety {matches}"),
    ),
]


def translated_error(message: str) -> str:
    """argparse's English error message in the målform, or as it is when no pattern knows it."""
    for pattern, text in ERRORS:
        found = re.fullmatch(pattern, message)
        if found:
            return _(text, **found.groupdict())
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, _("bruk: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser (and, through add_subparsers, its subcommands) that speaks the målform."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = _("argumenter")
        self._optionals.title = _("valg")
        if add_help:
            self.add_argument("-h", "--help", action="help", help=_("vis denne hjelpen og avslutt"))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: feil: {message}", prog=self.prog, message=translated_error(message)) + "\n")
