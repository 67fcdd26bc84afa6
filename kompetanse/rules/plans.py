"""Competence plans: when a plan is up to date, and the share of units with one (`kompetanseplan_andel`).

The 2018 strategy asks for competence plans at every level, from the service area (etat) to the
single employee. A coordinator records, per municipality, year, service area and optionally unit,
whether there is a plan and when it was last revised. The rules, defined once here:

- A record describes the state in its year, judged on its cut-off day: 31 December of that year,
  or today while the year is not over.
- Up to date ('oppdatert'): there is a plan, revised no more than two years before the cut-off day
  (a plan revised 1 March 2024 is up to date until 1 March 2026). Out of date ('utdatert'): a plan
  revised earlier. Missing ('mangler'): recorded as having no plan. A service area with no record at
  all is 'ikke_registrert': nobody knows, so it is shown but not counted.
- `kompetanseplan_andel` for a municipality and year = up-to-date records / recorded records * 100
  (every record, area or unit, is one "enhet"). When the municipality has recorded plans for that
  year, this computed figure replaces whatever the database held (example data or an import), so a
  municipality-year is never a mix; an import of the indicator for it is refused. Records an editor
  made win over bundled example records: when a municipality-year has any real record, the example
  records are left out of its share, so one figure is never part example, part real.

Everything here is pure: frames in, frames out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import polars as pl

from kompetanse.i18n import N_
from kompetanse.rules.names import slugify

# Each status as shown (translated where it is shown).
STATUS_LABELS = {
    "oppdatert": N_("Oppdatert"),
    "utdatert": N_("Utdatert"),
    "mangler": N_("Mangler plan"),
    "ikke_registrert": N_("Ikke registrert"),
}
COUNTED = ("oppdatert", "utdatert", "mangler")
SHARE_INDICATOR = "kompetanseplan_andel"
# The computed share's source, stored in bokmål with the observation and translated where a footnote
# shows it (rules/formatting.py `source_text`).
COMPUTED_SOURCE = N_("Beregnet fra kompetanseplanene som er registrert i appen")
EXAMPLE_COMPUTED_SOURCE = N_(
    "Eksempeldata (beregnet fra eksempler på kompetanseplaner, ikke offisielle tall)"
)
YEARS_UP_TO_DATE = 2


def cutoff(year: int, today: date) -> date:
    """The day a record for `year` is judged on: 31 December, or today while the year is not over."""
    return min(date(year, 12, 31), today)


def years_before(day: date, years: int = YEARS_UP_TO_DATE) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def with_status(plans: pl.DataFrame, today: date) -> pl.DataFrame:
    """Add `cutoff` and `status` (oppdatert, utdatert, mangler) to records (year, has_plan, last_revised)."""
    years = sorted(set(plans["year"].to_list()))
    cutoffs = {year: cutoff(year, today) for year in years}
    oldest = {year: years_before(day) for year, day in cutoffs.items()}
    marked = plans.with_columns(
        cutoff=pl.col("year").replace_strict(cutoffs, default=None, return_dtype=pl.Date),
        oldest=pl.col("year").replace_strict(oldest, default=None, return_dtype=pl.Date),
    )
    return marked.with_columns(
        status=pl.when(~pl.col("has_plan"))
        .then(pl.lit("mangler"))
        .when(pl.col("last_revised").is_not_null() & (pl.col("last_revised") >= pl.col("oldest")))
        .then(pl.lit("oppdatert"))
        .otherwise(pl.lit("utdatert"))
    ).drop("oldest")


def counted(plans: pl.DataFrame) -> pl.DataFrame:
    """The records a municipality-year's share is computed from: the real ones where there are any."""
    real = plans.group_by("kommunenummer", "year").agg(any_real=(~pl.col("is_example")).any())
    joined = plans.join(real, on=["kommunenummer", "year"])
    return joined.filter(~pl.col("any_real") | ~pl.col("is_example")).drop("any_real")


def plan_shares(plans: pl.DataFrame, today: date) -> pl.DataFrame:
    """`kompetanseplan_andel` as observation rows (and `origin`) for every municipality-year with records."""
    schema = {
        "kommunenummer": pl.String,
        "year": pl.Int32,
        "indicator_id": pl.String,
        "value": pl.Float64,
        "numerator": pl.Float64,
        "denominator": pl.Float64,
        "source": pl.String,
        "is_example": pl.Boolean,
        "origin": pl.String,
    }
    if plans.is_empty():
        return pl.DataFrame(schema=schema)
    shares = (
        with_status(counted(plans), today)
        .group_by("kommunenummer", "year")
        .agg(
            numerator=(pl.col("status") == "oppdatert").sum().cast(pl.Float64),
            denominator=pl.len().cast(pl.Float64),
            is_example=pl.col("is_example").all(),
        )
    )
    return shares.select(
        "kommunenummer",
        pl.col("year").cast(pl.Int32),
        indicator_id=pl.lit(SHARE_INDICATOR),
        value=pl.col("numerator") / pl.col("denominator") * 100,
        numerator="numerator",
        denominator="denominator",
        source=pl.when(pl.col("is_example"))
        .then(pl.lit(EXAMPLE_COMPUTED_SOURCE))
        .otherwise(pl.lit(COMPUTED_SOURCE)),
        is_example="is_example",
        # Example plans come with the bundle and are rebuilt with it; a share from real records stays.
        origin=pl.when(pl.col("is_example")).then(pl.lit("pakke")).otherwise(pl.lit("import")),
    ).sort("kommunenummer", "year")


def coverage_counts(statuses: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Per `keys`: the number of records up to date, out of date and missing, and the share up to date."""
    counts = statuses.group_by(keys).agg(
        *[(pl.col("status") == status).sum().alias(status) for status in COUNTED],
        recorded=pl.len(),
    )
    return counts.with_columns(share=pl.col("oppdatert") / pl.col("recorded") * 100).sort(keys)


def recurring_priorities(plans: pl.DataFrame) -> pl.DataFrame:
    """Priority competences across plans: `priority` (the most used spelling), the plans and the
    municipalities naming it, most common first. Spellings that differ only in case, spaces or æøå
    count as one ('Digital kompetanse', 'digital  kompetanse')."""
    schema = {"priority": pl.String, "plans": pl.UInt32, "municipalities": pl.UInt32}
    spellings: dict[str, Counter] = defaultdict(Counter)
    places: dict[str, set] = defaultdict(set)
    uses: Counter = Counter()
    with_plan = plans.filter(pl.col("has_plan")).select("kommunenummer", "priorities")
    for kommune, priorities in with_plan.iter_rows():  # a few hundred records: plain Python is fine
        for text in dict.fromkeys(" ".join(p.split()) for p in priorities or [] if p and p.strip()):
            key = slugify(text)
            spellings[key][text] += 1
            places[key].add(kommune)
            uses[key] += 1
    # the most used spelling; between equals, the first one met (Counter keeps that order)
    rows = [(spellings[key].most_common(1)[0][0], uses[key], len(places[key])) for key in uses]
    rows.sort(key=lambda row: (-row[1], -row[2], row[0]))
    return pl.DataFrame(rows, schema=schema, orient="row")
