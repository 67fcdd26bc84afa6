"""Collect the texts to translate and bring both catalogues up to date (`make messages`).

The texts are every `_("...")` in app.py, pages/ and kompetanse/ (Babel's Python extractor) and the
catalogue texts in data/catalogue that the translated pages show (theme names and questions, the
service areas' names, and the names, units, definitions and sources of the indicators in
`TRANSLATED_INDICATORS`). The bokmål
catalogue gets each text as its own translation; the nynorsk one keeps what has been translated and
gets new texts with an empty translation, which tests/test_nynorsk.py reports until someone fills it.
Texts no longer used are dropped from both.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import write_po

from kompetanse.i18n import DOMAIN, LANGUAGES, catalogue, catalogue_path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("pages", "kompetanse")
KEYWORDS = {"_": None, "N_": None}
# The indicators whose catalogue texts are translated so far: Oversikt's headline indicators and
# its key figures. Add an id here, run `make messages`, and translate the new texts in nn.
TRANSLATED_INDICATORS = (
    "barnehagelaerer_andel",
    "lederopplaering_andel",
    "laerlinger_per_1000_innbyggere",
    "innbyggere",
    "innbyggere_80_pluss_andel",
    "barnehagelaerer_behov",  # Kompetansegap's gap panel and the meeting pack's gap slide
    "barnehagelaerer_arsverk",
)
STAMP = datetime(2026, 12, 1, tzinfo=UTC)  # fixed, so a rerun changes no line
INDICATOR_TEXT_COLUMNS = ("navn", "enhet", "teller", "nevner", "definisjon", "kilde", "anbefaling_tekst")


def python_files(root: Path = ROOT) -> list[Path]:
    """app.py and every module of pages/ and kompetanse/."""
    files = [root / "app.py"]
    for folder in SOURCE_DIRS:
        files += sorted((root / folder).rglob("*.py"))
    return files


def code_texts(root: Path = ROOT) -> dict[str, set[str]]:
    """msgid -> the files (relative) whose `_()` calls use it."""
    found: dict[str, set[str]] = {}
    for path in python_files(root):
        for _line, message, _comments, _context in extract_from_file("python", path, keywords=KEYWORDS):
            if isinstance(message, str) and message:
                found.setdefault(message, set()).add(str(path.relative_to(root)))
    return found


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def data_texts(root: Path = ROOT) -> set[str]:
    """The texts of data/catalogue that translated pages show."""
    folder = root / "data" / "catalogue"
    texts = {row[column] for row in _rows(folder / "temaer.csv") for column in ("navn", "sporsmal")}
    for row in _rows(folder / "indikatorer.csv"):
        if row["id"] in TRANSLATED_INDICATORS:
            texts |= {row[column] for column in INDICATOR_TEXT_COLUMNS}
    # The service areas' names: Kompetanseplaner and 10-FAKTOR by area show them.
    texts |= {row["navn"] for row in _rows(folder / "tjenesteomrader.csv")}
    return {text for text in texts if text}


def wanted_texts(root: Path = ROOT) -> set[str]:
    """Every msgid the catalogues must hold."""
    return set(code_texts(root)) | data_texts(root)


def updated(language: str, texts: Iterable[str]) -> Catalog:
    """The language's catalogue with exactly these msgids, keeping the translations it has."""
    old = catalogue(language)
    fresh = Catalog(
        locale=language,
        domain=DOMAIN,
        project="kompetanse",
        version="1",
        charset="utf-8",
        header_comment=f"# kompetanse: the app's texts in {language} (written by `make messages`).",
        creation_date=STAMP,
        revision_date=STAMP,
        fuzzy=False,
        language_team="kompetanse",
        last_translator="kompetanse",
    )
    for text in sorted(texts):
        kept = old.get(text)
        if language == "nb":
            string = text
        else:
            string = kept.string if kept is not None and kept.string else ""
        fresh.add(text, string)
    return fresh


def write(language: str, texts: Iterable[str]) -> Path:
    """Write the updated catalogue of a language; returns its path."""
    path = catalogue_path(language)
    fresh = updated(language, texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, fresh, width=0, no_location=True, omit_header=False, sort_output=True)
    catalogue.cache_clear()
    return path


def main() -> int:
    texts = wanted_texts()
    for language in LANGUAGES:
        path = write(language, texts)
        missing = [message.id for message in catalogue(language) if message.id and not message.string]
        print(f"{path.relative_to(ROOT)}: {len(texts)} tekster, {len(missing)} uten oversettelse")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
