"""Find Norwegian user text still written in the code instead of the catalogues (the ratchet in
tests/test_nynorsk_ratchet.py): string constants with æ/ø/å or common Norwegian words, outside
docstrings and outside `_()`/`N_()` calls. Data keys ('årsverk', 'prosent') are lowercase words
without spaces and are not counted; comments are not strings, so they never count."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kompetanse.i18n.extract import ROOT, python_files

_NORWEGIAN_LETTERS = re.compile(r"[æøåÆØÅ]")
_WORDS = re.compile(
    r"\b(ikke|og|eller|med|som|er|det|til|av|for|fra|har|kan|skal|ingen|alle|hvor|hvordan|mangler|"
    r"tall|kommunen|kommuner|vises|velg|logg|ukjent|fant)\b",
    re.IGNORECASE,
)
_DATA_KEY = re.compile(r"[a-zæøå0-9_\-./]+")
MARKERS = {"_", "N_"}


def is_user_text(text: str) -> bool:
    """Whether a constant reads as Norwegian text for a person (not a key, path or SQL name)."""
    stripped = text.strip()
    if not stripped or _DATA_KEY.fullmatch(stripped):
        return False
    return bool(_NORWEGIAN_LETTERS.search(stripped)) or (
        " " in stripped and len(_WORDS.findall(stripped)) >= 1 and stripped[:1].isalpha()
    )


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _marked(tree: ast.AST) -> set[int]:
    """The constants inside `_()` and `N_()` calls: those are catalogue texts."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
            for argument in node.args[:1]:
                for inner in ast.walk(argument):
                    if isinstance(inner, ast.Constant):
                        found.add(id(inner))
    return found


def literals(path: Path) -> list[str]:
    """The Norwegian user-text constants of one module, in order."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _marked(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and is_user_text(node.value)
    ]


def untranslated_modules(root: Path = ROOT) -> dict[str, int]:
    """Module (relative path) -> how many Norwegian user-text literals it still holds."""
    counts = {}
    for path in python_files(root):
        if (root / "kompetanse" / "i18n") in path.parents:
            continue
        found = literals(path)
        if found:
            counts[str(path.relative_to(root))] = len(found)
    return counts
