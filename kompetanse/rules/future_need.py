"""Framtidig behov: årsverk needed in barnehage and omsorg from a population projection, and recruitment.

Every function is pure: frames in, new frames out. The model, per municipality, alternative and year:

- Barnehage: children 1-2 and 3-5 years (age at 1 January) times the share of them in barnehage, divided
  by the pedagogue norm (7 and 14 children per barnehagelærer) = barnehagelærer årsverk needed. The
  shares are the municipality's own where its share of children 1-5 in barnehage is known (the national
  shares per age group scaled to it, at most 100 %), else the assumptions' (national) ones.
- Omsorg: the simplest honest model. Today's care årsverk per weighted inhabitant are held at today's
  level in each municipality (weights per age group, see kompetanse.rules.future_assumptions), so the
  need grows with the weighted population: needed = today x weighted(year) / weighted(start year).
  It is split by education with today's shares.
- Replacement: a yearly retirement rate, either the user's or the municipality's share of staff 60 years
  and older spread evenly over the years to the retirement age; retired = today x min(rate x years, 1).
  Recruitment by a year = needed - (today - retired), at least 0; per year = that / years since start.
- Shortfall = needed - today, at least 0 (the rule of kompetanse.gaps.shortfall). Region values are sums
  of each municipality's value, so a surplus in one municipality never covers a shortfall in another.
- The start year is the projection's first year; today's staffing (the newest observations) stands for it.
"""

from __future__ import annotations

import polars as pl

from kompetanse.i18n import N_
from kompetanse.rules.future_assumptions import NATIONAL_ATTENDANCE_1_5, SENIOR_AGE, Assumptions
from kompetanse.sources.projections import ALTERNATIVES, OPEN_AGE

__all__ = [
    "AGE_GROUPS",
    "Assumptions",
    "GROUP_LABELS",
    "NEED_VALUES",
    "band",
    "care_need",
    "future_need",
    "in_bands",
    "kindergarten_need",
    "own_attendance",
    "population_groups",
    "region_totals",
    "shortfall_expr",
    "today_staffing",
    "working_age",
]

# Column -> (first age, last age or None for "and older"). Rows already summed to bands work as well,
# if each band's age is its first age and the bands start at BAND_STARTS.
AGE_GROUPS = {
    "children_under_3": (1, 2),
    "children_from_3": (3, 5),
    "working_age": (20, 66),
    "age_0_66": (0, 66),
    "age_67_79": (67, 79),
    "age_80_89": (80, 89),
    "age_90_plus": (90, None),
}
BAND_STARTS = (0, 1, 3, 6, 20, 67, 80, 90)
EDUCATION_GROUPS = {  # group -> staffing column with its årsverk today
    "unskilled": "ufaglaerte_arsverk",
    "fagbrev": "fagbrev_arsverk",
    "higher": "hoyskole_arsverk",
}
GROUP_LABELS = {  # catalogue texts, translated where shown: _(GROUP_LABELS[group])
    "barnehagelaerer": N_("Barnehagelærere"),
    "total": N_("Omsorg i alt"),
    "unskilled": N_("Uten helsefaglig utdanning"),
    "fagbrev": N_("Med fagbrev"),
    "higher": N_("Med høyere helsefaglig utdanning"),
    "other": N_("Annen eller ukjent utdanning"),
}
NEED_VALUES = ("today", "needed", "growth", "shortfall", "retired", "recruitment", "recruitment_per_year")
STAFFING_COLUMNS = {
    "barnehagelaerer_arsverk": pl.Float64,
    "omsorg_arsverk": pl.Float64,
    "ufaglaerte_arsverk": pl.Float64,
    "fagbrev_arsverk": pl.Float64,
    "hoyskole_arsverk": pl.Float64,
    "senior_share": pl.Float64,
    "attendance_1_5": pl.Float64,  # percent of children 1-5 years in barnehage
}
UNIT_KEYS = ("kommunenummer", "year", "alternative")


def shortfall_expr(needed: pl.Expr, covered: pl.Expr) -> pl.Expr:
    """needed - covered, never below 0, null when either is null: kompetanse.gaps.shortfall on columns."""
    return (needed - covered).clip(lower_bound=0.0)


def population_groups(projection: pl.DataFrame) -> pl.DataFrame:
    """kommunenummer, year, alternative, one column per AGE_GROUPS entry, total and is_example."""

    def persons(first: int, last: int | None) -> pl.Expr:
        ages = pl.col("age") >= first if last is None else pl.col("age").is_between(first, last)
        return pl.col("persons").filter(ages).sum()

    return (
        projection.group_by(UNIT_KEYS)
        .agg(
            **{name: persons(*ages) for name, ages in AGE_GROUPS.items()},
            total=pl.col("persons").sum(),
            is_example=pl.col("is_example").any(),
        )
        .sort(UNIT_KEYS)
    )


def in_bands(projection: pl.DataFrame) -> pl.DataFrame:
    """The projection summed to the bands of BAND_STARTS (age = the band's first age): all the model reads."""
    band_of = {age: max(start for start in BAND_STARTS if start <= age) for age in range(OPEN_AGE + 1)}
    return (
        projection.with_columns(age=pl.col("age").replace_strict(band_of, return_dtype=pl.Int32))
        .group_by("kommunenummer", "year", "age", "alternative", maintain_order=True)
        .agg(
            # a band is missing (null) when SSB marks any of its ages missing
            persons=pl.when(pl.col("persons").null_count() == 0).then(pl.col("persons").sum()),
            source=pl.col("source").first(),
            is_example=pl.col("is_example").any(),
        )
        .select(projection.columns)
    )


def working_age(groups: pl.DataFrame) -> pl.DataFrame:
    """kommunenummer, year, alternative, working_age (20-66), change since the start year, is_example."""
    start = pl.col("working_age").sort_by("year").first().over("kommunenummer", "alternative")
    return groups.select(
        *UNIT_KEYS, "working_age", change=pl.col("working_age") - start, is_example="is_example"
    )


def own_attendance(staffing: pl.DataFrame, assumptions: Assumptions) -> pl.DataFrame:
    """kommunenummer, attendance_under_3, attendance_from_3 (percent) where the municipality's share of
    children 1-5 years in barnehage is known: the assumptions' shares times it / the national 1-5 share."""
    known = _staffing(staffing).filter(pl.col("attendance_1_5").is_not_null())
    scale = pl.col("attendance_1_5") / NATIONAL_ATTENDANCE_1_5
    return known.select(
        "kommunenummer",
        attendance_under_3=(scale * assumptions.attendance_under_3).clip(upper_bound=100.0),
        attendance_from_3=(scale * assumptions.attendance_from_3).clip(upper_bound=100.0),
    )


def kindergarten_need(
    groups: pl.DataFrame, assumptions: Assumptions, attendance: pl.DataFrame | None = None
) -> pl.DataFrame:
    """kommunenummer, year, alternative, children in barnehage under 3 and from 3, needed årsverk."""
    # `attendance` (kommunenummer, attendance_under_3, attendance_from_3, in percent) is today's share per
    # municipality; without it, or for a share the user changed, the assumptions' value applies.
    a = assumptions
    changed = set(a.changed())
    frame = groups
    for column in ("attendance_under_3", "attendance_from_3"):
        if attendance is not None and column not in changed:
            frame = frame.join(attendance.select("kommunenummer", column), on="kommunenummer", how="left")
            frame = frame.with_columns(pl.col(column).fill_null(getattr(a, column)))
        else:
            frame = frame.with_columns(pl.lit(getattr(a, column), dtype=pl.Float64).alias(column))
    frame = frame.with_columns(
        children_under_3=pl.col("children_under_3") * pl.col("attendance_under_3") / 100,
        children_from_3=pl.col("children_from_3") * pl.col("attendance_from_3") / 100,
    )
    return frame.select(
        *UNIT_KEYS,
        "children_under_3",
        "children_from_3",
        needed=pl.col("children_under_3") / a.children_per_teacher_under_3
        + pl.col("children_from_3") / a.children_per_teacher_from_3,
        is_example="is_example",
    )


def care_need(
    groups: pl.DataFrame, staffing: pl.DataFrame, assumptions: Assumptions, start_year: int | None = None
) -> pl.DataFrame:
    """kommunenummer, year, alternative, weighted_population, needed care årsverk (null without today's)."""
    start_year = _start_year(groups, start_year)
    weighted = sum(pl.col(column) * weight for column, weight in assumptions.care_weights().items())
    frame = groups.with_columns(weighted_population=weighted)
    base = frame.filter(pl.col("year") == start_year).select(
        "kommunenummer", "alternative", base_weighted="weighted_population"
    )
    factor = 1 + assumptions.care_ratio_change / 100
    return (
        frame.join(base, on=["kommunenummer", "alternative"], how="left")
        .join(_staffing(staffing).select("kommunenummer", "omsorg_arsverk"), on="kommunenummer", how="left")
        .select(
            *UNIT_KEYS,
            "weighted_population",
            needed=pl.when(pl.col("base_weighted") > 0).then(
                pl.col("omsorg_arsverk") * pl.col("weighted_population") / pl.col("base_weighted") * factor
            ),
            is_example="is_example",
        )
    )


def _recruitment(
    need: pl.DataFrame, today: pl.DataFrame, assumptions: Assumptions, start_year: int
) -> pl.DataFrame:
    """Join `today` (kommunenummer, today, senior_share) to a need frame and add the other NEED_VALUES."""
    years = pl.col("year") - start_year
    if assumptions.retirement_rate is not None:
        rate = pl.lit(assumptions.retirement_rate / 100)
    else:
        rate = pl.col("senior_share") / (assumptions.retirement_age - SENIOR_AGE)
    frame = need.join(today, on="kommunenummer", how="left").with_columns(
        retired=pl.col("today") * pl.min_horizontal(rate * years, pl.lit(1.0)),
    )
    return frame.with_columns(
        growth=pl.col("needed") - pl.col("today"),
        shortfall=shortfall_expr(pl.col("needed"), pl.col("today")),
        recruitment=shortfall_expr(pl.col("needed"), pl.col("today") - pl.col("retired")),
    ).with_columns(
        recruitment_per_year=pl.when(years > 0).then(pl.col("recruitment") / years),
    )


def future_need(
    projection: pl.DataFrame,
    staffing: pl.DataFrame,
    assumptions: Assumptions,
    attendance: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """kommunenummer, year, alternative, sector, group, NEED_VALUES, is_example from a projection."""
    # `projection` has kommunenummer, year, age, alternative, persons, is_example; `staffing` comes from
    # today_staffing(). is_example is true where the projection or the staffing is example data.
    # Without `attendance`, each municipality's own share in barnehage applies where it is known.
    groups = population_groups(projection)
    start_year = _start_year(groups, None)
    staff = _staffing(staffing)
    if attendance is None:
        attendance = own_attendance(staff, assumptions)
    barnehage = _recruitment(
        kindergarten_need(groups, assumptions, attendance).drop("children_under_3", "children_from_3"),
        staff.select("kommunenummer", "senior_share", today="barnehagelaerer_arsverk"),
        assumptions,
        start_year,
    ).with_columns(sector=pl.lit("barnehage"), group=pl.lit("barnehagelaerer"))
    care = _recruitment(
        care_need(groups, staffing, assumptions, start_year).drop("weighted_population"),
        staff.select("kommunenummer", "senior_share", today="omsorg_arsverk"),
        assumptions,
        start_year,
    )
    shares = staff.select(
        "kommunenummer",
        *[
            (pl.col(column) / pl.col("omsorg_arsverk")).alias(group)
            for group, column in EDUCATION_GROUPS.items()
        ],
    )
    # The rest have other or unknown education, so the groups add up to the total.
    other = 1 - pl.sum_horizontal(*EDUCATION_GROUPS, ignore_nulls=False)
    shares = shares.with_columns(other=other.clip(lower_bound=0.0))
    long_shares = shares.unpivot(index="kommunenummer", variable_name="group", value_name="share")
    by_education = care.join(long_shares, on="kommunenummer", how="left").with_columns(
        [(pl.col(value) * pl.col("share")).alias(value) for value in NEED_VALUES]
    )
    care = care.with_columns(group=pl.lit("total"))
    staff_example = staff.select("kommunenummer", staff_example="is_example")
    columns = ["kommunenummer", "year", "alternative", "sector", "group", *NEED_VALUES, "is_example"]
    return (
        pl.concat(
            [
                barnehage.select(columns),
                care.with_columns(sector=pl.lit("omsorg")).select(columns),
                by_education.with_columns(sector=pl.lit("omsorg")).select(columns),
            ]
        )
        .join(staff_example, on="kommunenummer", how="left")
        .with_columns(is_example=pl.col("is_example") | pl.col("staff_example").fill_null(False))
        .drop("staff_example")
        .sort("kommunenummer", "sector", "group", "alternative", "year")
    )


def region_totals(frame: pl.DataFrame, values: tuple[str, ...] = NEED_VALUES) -> pl.DataFrame:
    """Sum `values` over the municipalities in `frame`; a sum is null when any municipality's value is."""
    keys = [c for c in frame.columns if c not in (*values, "kommunenummer", "is_example")]
    return (
        frame.group_by(keys)
        .agg(
            *[pl.when(pl.col(v).null_count() == 0).then(pl.col(v).sum()).alias(v) for v in values],
            municipalities=pl.col("kommunenummer").n_unique(),
            is_example=pl.col("is_example").any(),
        )
        .sort(keys)
    )


def band(frame: pl.DataFrame, value: str, main: str = "MMMM") -> pl.DataFrame:
    """The keys, main (the chosen alternative), low (LLML), high (HHMH), lower and upper (min/max of all)."""
    if main not in ALTERNATIVES:
        raise ValueError(f"unknown projection alternative {main!r}")
    keys = [c for c in ("kommunenummer", "sector", "group", "year") if c in frame.columns]
    wide = frame.pivot(on="alternative", index=keys, values=value, aggregate_function=None)
    for alternative in ALTERNATIVES:
        if alternative not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(alternative))
    alternatives = [pl.col("MMMM"), pl.col("LLML"), pl.col("HHMH")]
    return wide.select(
        *keys,
        main=pl.col(main),
        low=pl.col("LLML"),
        high=pl.col("HHMH"),
        lower=pl.min_horizontal(alternatives),
        upper=pl.max_horizontal(alternatives),
    ).sort(keys)


_NUMERATOR = pl.coalesce("numerator", pl.col("value") / 100 * pl.col("denominator"))
_SHARE = pl.coalesce(pl.col("value") / 100, pl.col("numerator") / pl.col("denominator"))
INDICATORS = {  # staffing column -> (indicator, how to read it from an observation row)
    "barnehagelaerer_arsverk": ("barnehagelaerer_arsverk", pl.col("value")),
    "omsorg_arsverk": ("omsorg_arsverk", pl.col("value")),
    "ufaglaerte_arsverk": ("ufaglaerte_andel_helse", _NUMERATOR),
    "fagbrev_arsverk": ("fagbrev_andel_helse", _NUMERATOR),
    "hoyskole_arsverk": ("hoyskole_andel_helse", _NUMERATOR),
    "senior_share": ("seniorer_andel", _SHARE),
    "attendance_1_5": ("barnehage_dekningsgrad", pl.col("value")),
}


def today_staffing(observations: pl.DataFrame, year: int) -> pl.DataFrame:
    """kommunenummer, the STAFFING_COLUMNS and is_example from observation rows of one year."""
    rows = observations.filter(pl.col("year") == year)
    parts = [
        rows.filter(pl.col("indicator_id") == indicator).select(
            "kommunenummer", column=pl.lit(column), amount=how.cast(pl.Float64), is_example="is_example"
        )
        for column, (indicator, how) in INDICATORS.items()
    ]
    long = pl.concat(parts)
    wide = long.pivot(on="column", index="kommunenummer", values="amount", aggregate_function="first")
    example = long.group_by("kommunenummer").agg(is_example=pl.col("is_example").any())
    return _staffing(wide.join(example, on="kommunenummer", how="left")).sort("kommunenummer")


def _staffing(staffing: pl.DataFrame) -> pl.DataFrame:
    """The staffing frame with every column present (missing ones null), so partial data still runs."""
    missing = {c: t for c, t in STAFFING_COLUMNS.items() if c not in staffing.columns}
    frame = staffing.with_columns([pl.lit(None, dtype=t).alias(c) for c, t in missing.items()])
    if "is_example" not in frame.columns:
        frame = frame.with_columns(is_example=pl.lit(False))
    return frame.select("kommunenummer", *STAFFING_COLUMNS, "is_example").cast(STAFFING_COLUMNS)


def _start_year(groups: pl.DataFrame, start_year: int | None) -> int:
    return int(groups["year"].min()) if start_year is None else start_year
