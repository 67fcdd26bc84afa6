"""Innspill fra temamøter: inputs from theme meetings in units, categorised, counted across the network.

Kristiansund's method: in each unit, staff answer two questions (the biggest competence and
recruitment challenge today, and ahead); the coordinator records the answers, puts each in a
category, and the counts show which challenges are most common across the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from kompetanse.access.roles import User, require_municipalities, require_writer
from kompetanse.charts.bars import category_chart
from kompetanse.charts.describe import category_description
from kompetanse.charts.style import vega_spec
from kompetanse.errors import KompetanseError
from kompetanse.i18n import translated
from kompetanse.rules.names import slugify
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

QUESTIONS = {
    "i_dag": "Største utfordring i dag",
    "fremover": "Største utfordring fremover",
}
MAX_TEXT = 1000
MAX_UNIT = 120


@dataclass(frozen=True)
class MeetingInputs:
    """What a coordinator records from one theme meeting in one unit: one input per line of text."""

    kommunenummer: str | None
    unit: str
    meeting_date: date | None
    question: str
    texts: tuple[str, ...]
    category_id: str | None = None


@dataclass(frozen=True)
class InputsView:
    counts: pl.DataFrame  # a row per municipality and unit, a column per category
    chart_spec: dict
    inputs: pl.DataFrame  # the inputs as text, newest first
    total: int


def check_inputs(inputs: MeetingInputs, categories: set[str]) -> list[str]:
    """Every problem with a set of inputs from one meeting, in Norwegian."""
    kommunenummer, unit, meeting_date = inputs.kommunenummer, inputs.unit, inputs.meeting_date
    question, texts, category_id = inputs.question, inputs.texts, inputs.category_id
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


def add_inputs(database: Database, inputs: MeetingInputs, user: User | None) -> int:
    """Record the inputs (one per non-empty line) from one meeting; returns how many were saved."""
    categories = set(database.query("input_categories")["category_id"])
    problems = check_inputs(inputs, categories)
    if problems:
        raise KompetanseError(" ".join(problems))
    user = require_municipalities(user, [inputs.kommunenummer], database, "registrere innspill")
    lines = [text.strip() for text in inputs.texts if text.strip()]
    unit = inputs.unit.strip()
    detail = f"{len(lines)} innspill, {inputs.kommunenummer} {unit}"
    at = datetime.now().replace(microsecond=0)
    with database.writing(by=user, action="innspill", detail=detail) as writer:
        for text in lines:
            writer.run(
                "insert_meeting_input",
                kommunenummer=inputs.kommunenummer,
                unit=unit,
                meeting_date=inputs.meeting_date,
                question=inputs.question,
                text=text,
                category_id=inputs.category_id,
                user=user.username,
                at=at,
            )
    return len(lines)


def add_category(database: Database, name: str, user: User | None) -> str:
    """A new category the coordinator needs (any editor); refuses an empty or existing name."""
    user = require_writer(user, "legge til kategorier")
    name = " ".join(name.split())
    if not name or len(name) > 80:
        raise KompetanseError("Kategorien må ha et navn på høyst 80 tegn.")
    existing = database.query("input_categories")
    if slugify(name) in {slugify(n) for n in existing["name"]}:
        raise KompetanseError(f"Kategorien «{name}» finnes allerede.")
    category_id = slugify(name).replace("-", "_")
    with database.writing(by=user, action="kategori", detail=name) as writer:
        writer.run("insert_input_category", id=category_id, name=name)
    return category_id


@per_version(reveal=False)
def inputs_view(database: Database, region: dict) -> InputsView:
    """Counts per category per municipality and unit, and the most common categories across the region."""
    counts = translated(database.query("input_counts", region_id=region["region_id"]), "category")
    inputs = translated(database.query("meeting_inputs", region_id=region["region_id"]), "category")
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
    chart_title = f"Vanligste utfordringer i {region['name']}"
    chart = category_chart(totals, title=chart_title)
    shown = inputs.select(
        Dato=pl.col("meeting_date").dt.strftime("%d.%m.%Y"),
        Kommune="municipality_name",
        Enhet="unit",
        Spørsmål=pl.col("question").replace_strict(QUESTIONS),
        Kategori="category",
        Innspill="text",
    )
    return InputsView(wide, vega_spec(chart, category_description(chart_title, totals)), shown, inputs.height)
