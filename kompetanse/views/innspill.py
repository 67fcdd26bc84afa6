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
from kompetanse.i18n import N_, _
from kompetanse.rules.names import slugify
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database

QUESTIONS = {  # catalogue texts, translated where shown: `_(QUESTIONS[question])`
    "i_dag": N_("Største utfordring i dag"),
    "fremover": N_("Største utfordring fremover"),
}
# The categories bundled in data/catalogue/innspillkategorier.csv, named here so their names are
# catalogue texts: a category is shown as `_(name)`, and one a coordinator added stays as written.
BUNDLED_CATEGORIES = (
    N_("Rekruttering av fagfolk"),
    N_("Heltid og deltid"),
    N_("Kompetanse hos ufaglærte"),
    N_("Fagbrev og praksiskandidater"),
    N_("Videreutdanning og spesialisering"),
    N_("Ledelse og lederstøtte"),
    N_("Digital kompetanse og velferdsteknologi"),
    N_("Språk og kultur"),
    N_("Arbeidsmiljø og sykefravær"),
    N_("Annet"),
)
UNCATEGORISED = N_("Ikke kategorisert")  # written by the queries input_counts and meeting_inputs
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
    """Every problem with a set of inputs from one meeting, in the run's language."""
    kommunenummer, unit, meeting_date = inputs.kommunenummer, inputs.unit, inputs.meeting_date
    question, texts, category_id = inputs.question, inputs.texts, inputs.category_id
    problems = []
    if not kommunenummer:
        problems.append(_("Velg kommune."))
    if not unit.strip():
        problems.append(_("Enheten mangler."))
    if len(unit) > MAX_UNIT:
        problems.append(_("Enhetsnavnet kan ha høyst {count} tegn.", count=MAX_UNIT))
    if meeting_date is None or meeting_date > date.today():
        problems.append(_("Møtedatoen mangler eller er i fremtiden."))
    if question not in QUESTIONS:
        problems.append(_("Velg spørsmål."))
    if not [text for text in texts if text.strip()]:
        problems.append(_("Skriv minst ett innspill (ett per linje)."))
    too_long = [i for i, text in enumerate(texts, start=1) if len(text.strip()) > MAX_TEXT]
    if too_long:
        numbers = ", ".join(map(str, too_long))
        problems.append(
            _("Innspill nr. {numbers} er lengre enn {count} tegn.", numbers=numbers, count=MAX_TEXT)
        )
    if category_id is not None and category_id not in categories:
        problems.append(_("Ukjent kategori."))
    return problems


def add_inputs(database: Database, inputs: MeetingInputs, user: User | None) -> int:
    """Record the inputs (one per non-empty line) from one meeting; returns how many were saved."""
    categories = set(database.query("input_categories")["category_id"])
    problems = check_inputs(inputs, categories)
    if problems:
        raise KompetanseError(" ".join(problems))
    user = require_municipalities(user, [inputs.kommunenummer], database, N_("registrere innspill"))
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
    user = require_writer(user, N_("legge til kategorier"))
    name = " ".join(name.split())
    if not name or len(name) > 80:
        raise KompetanseError(_("Kategorien må ha et navn på høyst 80 tegn."))
    existing = database.query("input_categories")
    if slugify(name) in {slugify(n) for n in existing["name"]}:
        raise KompetanseError(_("Kategorien «{name}» finnes allerede.", name=name))
    category_id = slugify(name).replace("-", "_")
    with database.writing(by=user, action="kategori", detail=name) as writer:
        writer.run("insert_input_category", id=category_id, name=name)
    return category_id


def shown_categories(frame: pl.DataFrame) -> pl.DataFrame:
    """The `category` column in the run's language (bundled names and «Ikke kategorisert»)."""
    names = {name: _(name) for name in frame["category"].unique().to_list() if name}
    return frame.with_columns(pl.col("category").replace(names)) if names else frame


@per_version(reveal=False)
def inputs_view(database: Database, region: dict) -> InputsView:
    """Counts per category per municipality and unit, and the most common categories across the region."""
    counts = shown_categories(database.query("input_counts", region_id=region["region_id"]))
    inputs = shown_categories(database.query("meeting_inputs", region_id=region["region_id"]))
    kommune, enhet = _("Kommune"), _("Enhet")
    if counts.is_empty():
        wide = pl.DataFrame({kommune: [], enhet: []}, schema={kommune: pl.String, enhet: pl.String})
    else:
        wide = (
            counts.group_by("municipality_name", "unit", "category")
            .agg(pl.col("n_inputs").sum())
            .pivot(on="category", index=["municipality_name", "unit"], values="n_inputs")
            .fill_null(0)
            .rename({"municipality_name": kommune, "unit": enhet})
            .sort(kommune, enhet)
        )
    totals = counts.group_by("category").agg(n=pl.col("n_inputs").sum()).sort("n", descending=True)
    chart_title = _("Vanligste utfordringer i {region}", region=region["name"])
    chart = category_chart(totals, title=chart_title)
    questions = {question: _(text) for question, text in QUESTIONS.items()}
    shown = inputs.select(
        pl.col("meeting_date").dt.strftime("%d.%m.%Y").alias(_("Dato")),
        pl.col("municipality_name").alias(kommune),
        pl.col("unit").alias(enhet),
        pl.col("question").replace_strict(questions).alias(_("Spørsmål")),
        pl.col("category").alias(_("Kategori")),
        pl.col("text").alias(_("Innspill")),
    )
    return InputsView(wide, vega_spec(chart, category_description(chart_title, totals)), shown, inputs.height)
