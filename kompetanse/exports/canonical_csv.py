"""Export of all observations to the canonical long CSV (the format `import` reads)."""

import csv
import os
import re
from pathlib import Path

from kompetanse.store.db import Database

EXPORT_HEADER = ("kommunenummer", "år", "indikator", "verdi", "teller", "nevner", "kilde")
# Text Excel would run as a formula when it opens the file, also behind spaces, tabs or line breaks,
# and text that already has apostrophes in front of such a start (so that escaping is reversible).
FORMULA_LIKE = re.compile(r"'*[ \t\r\n]*[=+\-@]")


def csv_text(text: str | None) -> str | None:
    """Text that stays text in Excel: one apostrophe in front of anything that starts like a formula.

    The import takes exactly that apostrophe off again (validation.py), so export -> import -> export
    gives the same file and the database keeps the text as it was typed.
    """
    return f"'{text}" if text is not None and FORMULA_LIKE.match(text) else text


def format_csv_number(number: float | None) -> str:
    """Dot decimals, no thousands separator, shortest form that reads back to the same float."""
    if number is None:
        return ""
    if float(number).is_integer():
        return str(int(number))
    return repr(float(number))


def export_csv(database: Database, out_path: Path) -> int:
    """Write every observation with a figure, by kommunenummer, år, indikator; returns the row count."""
    frame = database.query("export_observations")
    out_path = Path(out_path)
    partial = out_path.with_name(f".{out_path.name}.partial")
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EXPORT_HEADER)
        for kommune, year, indicator, value, numerator, denominator, source in frame.iter_rows():
            writer.writerow(
                (
                    kommune,
                    year,
                    indicator,
                    format_csv_number(value),
                    format_csv_number(numerator),
                    format_csv_number(denominator),
                    csv_text(source),
                )
            )
    os.replace(partial, out_path)
    return frame.height
