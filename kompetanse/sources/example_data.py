"""Deterministic example data for the indicators that have no bundled official figures.

Every municipality gets plausible levels scaled by its real population (SSB 07459), a trend and
yearly noise, all drawn from random generators seeded by (seed, kommunenummer, year), so the same
seed always gives the same numbers and the national data set contains the standard one. The rows
are flagged `is_example` and carry a source label that says they are not official figures.
"""

import random
from collections.abc import Iterable

import polars as pl

from kompetanse.rules.observations import OBSERVATION_COLUMNS, conform, derive_values
from kompetanse.sources.catalogue import EXAMPLE_SOURCE_PREFIX

EXAMPLE_SOURCE = f"{EXAMPLE_SOURCE_PREFIX} (generert av kompetanse, ikke offisielle tall)"
DEFAULT_SEED = 2024
STANDARD_YEARS = tuple(range(2018, 2026))
NATIONAL_YEARS = tuple(range(2006, 2026))
REFERENCE_YEAR = 2018  # trends are anchored here, so both year ranges agree where they overlap


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


class _Municipality:
    """The drawn, year-independent traits of one municipality."""

    def __init__(self, kommunenummer: str, population_2024: int, seed: int):
        rng = random.Random(f"kompetanse-eksempel:{seed}:{kommunenummer}")
        u = rng.uniform
        size = len(str(max(population_2024, 1)))  # digits: 3 for hundreds, 6 for Oslo
        small = max(0.0, 5 - size)
        self.employee_rate = 0.066 + 0.011 * small + u(-0.006, 0.006)
        self.position_size = u(76, 86)
        self.fulltime = (u(32, 54), u(0.3, 1.5))
        self.sickness = (u(7.0, 10.5), u(-0.08, 0.08))
        self.turnover = (u(6, 12), u(-0.2, 0.2))
        self.temporary = (u(8, 16), u(-0.3, 0.0))
        self.seniors = (u(13, 21), u(0.0, 0.3))
        self.leader_span = u(14, 26)
        self.leaders_trained = (u(10, 35), u(2.0, 6.0))
        self.leaders_in_training = u(0.06, 0.18)
        self.programme_shares = (u(0.15, 0.40), u(0.10, 0.30))  # Rett Kurs!, Helsefremmende lederskap
        self.programme_completion = (u(0.6, 0.95), u(0.55, 0.9))
        self.leaders_formal = (u(12, 35), u(0.4, 1.2))
        self.leader_turnover = (u(5, 14), u(-0.2, 0.2))
        self.leaders_60 = (u(14, 30), u(-0.2, 0.4))
        self.posting_rate = u(0.08, 0.14)
        self.filled = (u(78, 95), u(-0.8, 0.3))
        self.applicants = (_clamp(u(1.2, 4.0) + 0.4 * (size - 4), 0.6, 6.0), u(-0.12, 0.02))
        self.apprentices = (u(0.7, 3.0), u(0.0, 0.12))
        self.pass_rate = u(0.35, 0.5)
        self.placements = u(0.4, 2.4)
        self.kindergarten_coverage = u(0.88, 0.97)
        self.children_per_staff = u(5.3, 6.3)
        self.children_per_teacher_needed = u(10.0, 11.5)
        self.teacher_share = (u(33, 48), u(0.3, 1.2))
        self.dispensation = (u(2, 16), u(-0.6, 0.0))
        self.care_per_80 = u(0.45, 0.7)
        self.care_per_capita = u(0.004, 0.008)
        self.unskilled = (u(16, 30), u(-0.7, 0.0))
        self.skilled = (u(28, 40), u(0.0, 0.5))
        self.higher_ed = (u(24, 34), u(0.0, 0.5))
        self.further_ed = (u(8, 24), u(0.3, 1.2))
        self.further_ed_participants = u(0.01, 0.04)
        self.competence_plans = (u(30, 85), u(0.5, 3.0))
        self.pupils_per_teacher = u(10.5, 12.5)
        self.unqualified_teachers = (u(2, 12), u(-0.4, 0.1))


def _trend(level_slope: tuple[float, float], year: int, rng: random.Random, noise: float) -> float:
    level, slope = level_slope
    return level + slope * (year - REFERENCE_YEAR) + rng.gauss(0, noise)


def _rows_for_year(m: _Municipality, pop: dict[str, int], year: int, seed: int, kommune: str):
    """(indicator_id, value, numerator, denominator) for one municipality and year."""
    rng = random.Random(f"kompetanse-eksempel:{seed}:{kommune}:{year}")
    share = lambda spec, noise, low=0.0, high=100.0: _clamp(_trend(spec, year, rng, noise), low, high)

    inhabitants = pop["total"]
    employees = max(5, round(inhabitants * m.employee_rate * (1 + rng.gauss(0, 0.01))))
    fte = round(employees * m.position_size / 100, 1)
    yield "ansatte_antall", employees, None, None
    yield "arsverk_antall", fte, None, None
    yield "stillingsstorrelse_snitt", None, fte, employees
    yield "heltid_andel", None, round(employees * share(m.fulltime, 1.0, 15, 85) / 100), employees
    working_days = round(fte * 230)
    yield "sykefravaer_andel", None, round(working_days * share(m.sickness, 0.5, 3, 16) / 100), working_days
    permanent = max(1, round(employees * 0.85))
    yield "turnover_andel", None, round(permanent * share(m.turnover, 1.0, 1, 25) / 100), permanent
    yield "midlertidig_andel", None, round(employees * share(m.temporary, 0.8, 2, 30) / 100), employees
    yield "seniorer_andel", None, round(employees * share(m.seniors, 0.6, 5, 35) / 100), employees

    leaders = max(2, round(employees / m.leader_span))
    trained = round(leaders * share(m.leaders_trained, 2.0, 0, 95) / 100)
    yield "ledere_antall", leaders, None, None
    yield "ledere_fullfort", trained, None, None
    yield (
        "ledere_i_opplaering",
        round(leaders * _clamp(m.leaders_in_training + rng.gauss(0, 0.02), 0, 0.5)),
        None,
        None,
    )
    yield "lederopplaering_andel", None, trained, leaders
    for programme, programme_share, completion in zip(
        ("rett_kurs", "helsefremmende_lederskap"), m.programme_shares, m.programme_completion
    ):
        enrolled = round(leaders * _clamp(programme_share + rng.gauss(0, 0.03), 0, 0.6))
        yield f"{programme}_deltakere", enrolled, None, None
        yield (
            f"{programme}_fullfort",
            round(enrolled * _clamp(completion + rng.gauss(0, 0.05), 0, 1)),
            None,
            None,
        )
    yield (
        "ledere_formell_utdanning_andel",
        None,
        round(leaders * share(m.leaders_formal, 1.5, 0, 90) / 100),
        leaders,
    )
    yield "ansatte_per_leder", None, employees, leaders
    yield "ledere_turnover_andel", None, round(leaders * share(m.leader_turnover, 1.5, 0, 40) / 100), leaders
    yield "ledere_60_pluss_andel", None, round(leaders * share(m.leaders_60, 1.5, 0, 60) / 100), leaders

    posted = max(1, round(employees * m.posting_rate * (1 + rng.gauss(0, 0.08))))
    filled = round(posted * share(m.filled, 2.0, 40, 100) / 100)
    applicants_per_post = max(0.3, _trend(m.applicants, year, rng, 0.2))
    yield "stillinger_utlyst", posted, None, None
    yield "stillinger_besatt", filled, None, None
    yield "stillinger_besatt_andel", None, filled, posted
    yield "kvalifiserte_sokere_per_stilling", None, round(posted * applicants_per_post), posted
    apprentices = max(0, round(inhabitants / 1000 * max(0.0, _trend(m.apprentices, year, rng, 0.25))))
    yield "laerlinger_antall", apprentices, None, None
    yield "laerlinger_per_1000_innbyggere", None, apprentices, inhabitants
    yield "fagbrev_bestatt", round(apprentices * m.pass_rate * (1 + rng.gauss(0, 0.1))), None, None
    yield (
        "praksisplasser_antall",
        round(inhabitants / 1000 * m.placements * (1 + rng.gauss(0, 0.1))),
        None,
        None,
    )

    children = pop["pop_1_5"] * m.kindergarten_coverage
    base_staff = max(1.0, round(children / m.children_per_staff, 1))
    teachers = round(base_staff * share(m.teacher_share, 1.0, 15, 75) / 100, 1)
    needed = round(children / m.children_per_teacher_needed, 1)
    pedagogical_leaders = max(1, round(needed))
    yield "barnehagelaerer_arsverk", teachers, None, None
    yield "barnehagelaerer_behov", needed, None, None
    yield "barnehagelaerer_andel", None, teachers, base_staff
    yield (
        "dispensasjon_andel",
        None,
        round(pedagogical_leaders * share(m.dispensation, 1.0, 0, 40) / 100),
        pedagogical_leaders,
    )

    care = max(1.0, round(pop["pop_80_plus"] * m.care_per_80 + inhabitants * m.care_per_capita, 1))
    groups = [share(m.unskilled, 0.8, 5, 50), share(m.skilled, 0.8, 15, 60), share(m.higher_ed, 0.8, 15, 50)]
    if sum(groups) > 96:
        groups = [g * 96 / sum(groups) for g in groups]
    unskilled, skilled, higher = (round(care * g / 100, 1) for g in groups)
    yield "omsorg_arsverk", care, None, None
    yield "ufaglaerte_arsverk_helse", unskilled, None, None
    yield "ufaglaerte_andel_helse", None, unskilled, care
    yield "fagbrev_andel_helse", None, skilled, care
    yield "hoyskole_andel_helse", None, higher, care

    service_staff = max(1, round(employees * 0.7))
    yield (
        "videreutdanning_andel",
        None,
        round(service_staff * share(m.further_ed, 1.0, 0, 60) / 100),
        service_staff,
    )
    yield (
        "videreutdanning_deltakere",
        round(employees * m.further_ed_participants * (1 + rng.gauss(0, 0.1))),
        None,
        None,
    )
    units = max(4, round(employees / 55))
    yield "kompetanseplan_andel", None, round(units * share(m.competence_plans, 4.0, 0, 100) / 100), units
    teachers_school = max(1.0, round(pop["pop_6_15"] / m.pupils_per_teacher, 1))
    yield (
        "laerere_uten_godkjent_andel",
        None,
        round(teachers_school * share(m.unqualified_teachers, 1.0, 0, 30) / 100, 1),
        teachers_school,
    )


def example_observations(
    population: pl.DataFrame,
    indicators: pl.DataFrame,
    years: Iterable[int] = STANDARD_YEARS,
    seed: int = DEFAULT_SEED,
) -> pl.DataFrame:
    """Example observations for every municipality in `population` and every year in `years`."""
    by_key = {(row["kommunenummer"], row["year"]): row for row in population.iter_rows(named=True)}
    municipalities = sorted({kommune for kommune, _ in by_key})
    columns: dict[str, list] = {
        name: [] for name in ("kommunenummer", "year", "indicator_id", "value", "numerator", "denominator")
    }
    for kommune in municipalities:
        traits = _Municipality(kommune, by_key[(kommune, 2024)]["total"], seed)
        for year in years:
            pop = by_key[(kommune, year)]
            for indicator_id, value, numerator, denominator in _rows_for_year(
                traits, pop, year, seed, kommune
            ):
                columns["kommunenummer"].append(kommune)
                columns["year"].append(year)
                columns["indicator_id"].append(indicator_id)
                columns["value"].append(None if value is None else float(value))
                columns["numerator"].append(None if numerator is None else float(numerator))
                columns["denominator"].append(None if denominator is None else float(denominator))
    schema = {name: OBSERVATION_COLUMNS[name] for name in columns}
    frame = pl.DataFrame(columns, schema=schema).with_columns(
        source=pl.lit(EXAMPLE_SOURCE), is_example=pl.lit(True)
    )
    return conform(derive_values(frame, indicators))
