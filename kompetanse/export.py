"""Export of all observations to the canonical long CSV (the format `import` reads)."""

import csv
import os
from pathlib import Path

from kompetanse.db import Database

EXPORT_HEADER = ("kommunenummer", "år", "indikator", "verdi", "teller", "nevner", "kilde")


def format_csv_number(number: float | None) -> str:
    """Dot decimals, no thousands separator, shortest form that reads back to the same float."""
    if number is None:
        return ""
    if float(number).is_integer():
        return str(int(number))
    return repr(float(number))


def export_csv(database: Database, out_path: Path) -> int:
    """Write every observation, sorted by kommunenummer, år, indikator; returns the row count."""
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
                    source,
                )
            )
    os.replace(partial, out_path)
    return frame.height
