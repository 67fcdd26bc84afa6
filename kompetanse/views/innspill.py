"""Innspill fra temamøter: inputs from theme meetings in units, categorised, counted across the network.

Kristiansund's method: in each unit, staff answer two questions (the biggest competence and
recruitment challenge today, and ahead); the coordinator records the answers, puts each in a
category, and the counts show which challenges are most common across the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl

from kompetanse.access.roles import User, require_municipalities, require_writer
from kompetanse.charts.style import BAR_COLOUR, configure_chart, full_width
from kompetanse.errors import KompetanseError
from kompetanse.rules.names import slugify
from kompetanse.store.db import Database, write_transaction

QUESTIONS = {
    "i_dag": "Største utfordring i dag",
    "fremover": "Største utfordring fremover",
}
MAX_TEXT = 1000
MAX_UNIT = 120
INSERT_INPUT = """
insert into meeting_input (kommunenummer, unit, meeting_date, question, text, category_id, registered_by,
    registered_at)
values ($kommunenummer, $unit, $meeting_date, $question, $text, $category_id, $user, $at)
"""
INSERT_CATEGORY = "insert into input_category (category_id, name, origin) values ($id, $name, 'redigert')"


@dataclass(frozen=True)
class InputsView:
    counts: pl.DataFrame  # a row per municipality and unit, a column per category
    chart_spec: dict
    inputs: pl.DataFrame  # the inputs as text, newest first
    total: int


def check_inputs(
    kommunenummer: str | None,
    unit: str,
    meeting_date: date | None,
    question: str,
    texts: list[str],
    category_id: str | None,
    categories: set[str],
) -> list[str]:
    """Every problem with a set of inputs from one meeting, in Norwegian."""
    problems = []
    if not kommunenummer:
        problems.append("Velg kommune.")
    if not unit.strip():
        problems.append("Enheten mangler.")
    if len(unit) > MAX_UNIT:
        problems.append(f"Enhetsnavnet kan ha høyst {MAX_UNIT} tegn.")
    if meeting_date is None or meeting_date > date.today():
        problems.append("Møtedatoen mangler eller er i fremtiden.")
    if question not in QUESTIONS:
        problems.append("Velg spørsmål.")
    if not [text for text in texts if text.strip()]:
        problems.append("Skriv minst ett innspill (ett per linje).")
    too_long = [i for i, text in enumerate(texts, start=1) if len(text.strip()) > MAX_TEXT]
    if too_long:
        problems.append(f"Innspill nr. {', '.join(map(str, too_long))} er lengre enn {MAX_TEXT} tegn.")
    if category_id is not None and category_id not in categories:
        problems.append("Ukjent kategori.")
    return problems


def add_inputs(
    db_path: Path,
    database: Database,
    kommunenummer: str | None,
    unit: str,
    meeting_date: date | None,
    question: str,
    texts: list[str],
    category_id: str | None,
    user: User | None,
) -> int:
    """Record the inputs (one per non-empty line) from one meeting; returns how many were saved."""
    categories = set(database.query("input_categories")["category_id"])
    problems = check_inputs(kommunenummer, unit, meeting_date, question, texts, category_id, categories)
    if problems:
        raise KompetanseError(" ".join(problems))
    user = require_municipalities(user, [kommunenummer], database, "registrere innspill")
    lines = [text.strip() for text in texts if text.strip()]
    detail = f"{len(lines)} innspill, {kommunenummer} {unit.strip()}"
    with write_transaction(db_path, by=user.log_name, action="innspill", detail=detail) as con:
        for text in lines:
            con.execute(
                INSERT_INPUT,
                {
                    "kommunenummer": kommunenummer,
                    "unit": unit.strip(),
                    "meeting_date": meeting_date,
                    "question": question,
                    "text": text,
                    "category_id": category_id,
                    "user": user.username,
                    "at": datetime.now().replace(microsecond=0),
                },
            )
    return len(lines)


def add_category(db_path: Path, database: Database, name: str, user: User | None) -> str:
    """A new category the coordinator needs (any editor); refuses an empty or existing name."""
    user = require_writer(user, "legge til kategorier")
    name = " ".join(name.split())
    if not name or len(name) > 80:
        raise KompetanseError("Kategorien må ha et navn på høyst 80 tegn.")
    existing = database.query("input_categories")
    if slugify(name) in {slugify(n) for n in existing["name"]}:
        raise KompetanseError(f"Kategorien «{name}» finnes allerede.")
    category_id = slugify(name).replace("-", "_")
    with write_transaction(db_path, by=user.log_name, action="kategori", detail=name) as con:
        con.execute(INSERT_CATEGORY, {"id": category_id, "name": name})
    return category_id


def inputs_view(database: Database, region: dict) -> InputsView:
    """Counts per category per municipality and unit, and the most common categories across the region."""
    import altair as alt

    counts = database.query("input_counts", region_id=region["region_id"])
    inputs = database.query("meeting_inputs", region_id=region["region_id"])
    if counts.is_empty():
        wide = pl.DataFrame({"Kommune": [], "Enhet": []}, schema={"Kommune": pl.String, "Enhet": pl.String})
    else:
        wide = (
            counts.group_by("municipality_name", "unit", "category")
            .agg(pl.col("n_inputs").sum())
            .pivot(on="category", index=["municipality_name", "unit"], values="n_inputs")
            .fill_null(0)
            .rename({"municipality_name": "Kommune", "unit": "Enhet"})
            .sort("Kommune", "Enhet")
        )
    totals = counts.group_by("category").agg(n=pl.col("n_inputs").sum()).sort("n", descending=True)
    chart = (
        alt.Chart(alt.Data(values=totals.to_dicts()))
        .mark_bar(color=BAR_COLOUR)
        .encode(
            x=alt.X("n:Q", title="Innspill", axis=alt.Axis(format=",.0f", tickMinStep=1)),
            y=alt.Y("category:N", sort=totals["category"].to_list(), title=None),
            tooltip=[alt.Tooltip("category:N", title="Kategori"), alt.Tooltip("n:Q", title="Innspill")],
        )
    )
    chart = configure_chart(
        full_width(chart, f"Vanligste utfordringer i {region['name']}", False, max(120, 36 * totals.height))
    )
    shown = inputs.select(
        Dato=pl.col("meeting_date").dt.strftime("%d.%m.%Y"),
        Kommune="municipality_name",
        Enhet="unit",
        Spørsmål=pl.col("question").replace_strict(QUESTIONS),
        Kategori="category",
        Innspill="text",
    )
    return InputsView(wide, chart.to_dict(), shown, inputs.height)
