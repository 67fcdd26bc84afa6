"""The README tells the truth about the command line: every subcommand and option argparse knows is in
its "Command line" section (as datasette checks its docs with `cog --check`)."""

import argparse
import re
from pathlib import Path

import pytest

from kompetanse.cli import parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def command_line_section() -> str:
    match = re.search(r"^## Command line\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, "the README has no '## Command line' section"
    return match.group(1)


def commands(main: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """(words of the command, its option strings) for every command and subcommand."""
    for action in main._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                options = [
                    option
                    for item in sub._actions
                    for option in item.option_strings
                    if option.startswith("--") and option != "--help"
                ]
                yield (*prefix, name), options
                yield from commands(sub, (*prefix, name))


CASES = list(commands(parser()))


@pytest.mark.parametrize("words, options", CASES, ids=[" ".join(words) for words, _ in CASES])
def test_the_readme_names_every_command_and_option(words, options):
    section = command_line_section()
    # a subcommand is named after its parent: 'user add', or 'user list | user disable ...'
    assert re.search(rf"\b{re.escape(words[-1])}\b", section), f"{' '.join(words)} is not in the README"
    missing = [option for option in options if option not in section]
    assert missing == [], f"{' '.join(words)}: {missing} are not in the README"
