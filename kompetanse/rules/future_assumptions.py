"""The assumptions behind Framtidig behov: defaults and sources, the URL form, and the text under every chart.

Care weights (`care_weight_*`): today's care årsverk in a municipality are known only as a total, so they
are spread over age groups in proportion to inhabitants times a weight per age group. The default weights
are SSB's national number of recipients of home services (2008) plus residents of institutions (2010) per
1000 inhabitants in each group: 0-66 years 16, 67-79 years 97, 80-89 years 420, 90 years and older 878
(SSB, "Mottakarar av heimetenester, etter alder" and "Bebuarar i institusjonar ... etter alder", divided by
SSB's population 1 January of the same year, table 07459 via FHI csdata). Only their ratios matter. We chose
them over "the same per inhabitant 67+" because a 90-year-old receives services about nine times as often as
a 67-79-year-old, so ageing within 67+ would be missed, and because a third of the recipients are under 67
(a model of 67+ alone would make all care grow with the old). Each recipient
counts alike: residents of institutions need more årsverk than most home-service users and are mostly very
old, so the defaults probably understate the growth somewhat; a user with better local figures changes them.
Tables: https://www.ssb.no/a/kortnavn/pleie/arkiv/tab-2009-07-02-04.html (home services by age, 2008) and
https://www.ssb.no/a/kortnavn/pleie/tab-2011-07-08-02.html (residents of institutions by age, 2010).

Attendance (`attendance_*`): 84.4 % of children 1-2 years and 97.1 % of children 3-5 years have a place in
barnehage nationally, from SSB's table "Dekningsgrad og barn i barnehage etter ulike aldersgrupper og
oppholdstid" (https://www.ssb.no/414919; the stored copy does not show its year, 1-5 years in all 92.2 %).
Retirement: the default 67 is the ordinary retirement age in folketrygden; many leave earlier (AFP from 62,
the special age limit of 65 for nurses), so a lower age is a reasonable choice for the user.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.rules.formatting import format_number
from kompetanse.sources.projections import ALTERNATIVE_NAMES, ALTERNATIVES

SENIOR_AGE = 60  # the age the share of senior staff counts from (KS PAI: "60 år og eldre")
NORM_SOURCE = "Barnehageloven § 26 / forskrift om pedagogisk bemanning"
ATTENDANCE_SOURCE = (
    "Dagens nivå: kommunens egen andel der den er kjent, ellers landsgjennomsnittet i SSBs "
    "barnehagestatistikk"
)
CARE_WEIGHT_SOURCE = (
    "Mottakere av hjemmetjenester og beboere i institusjon per 1000 innbyggere i aldersgruppen, "
    "SSB (2008/2010)"
)
CHANGED_SOURCE = "Valgt av brukeren"


class AssumptionError(KompetanseError):
    """An assumption outside its allowed values; the message names it in Norwegian."""


def _spec(key: str, label: str, unit: str, source: str, low: float | None = None, high: float | None = None):
    return {"key": key, "label": label, "unit": unit, "source": source, "low": low, "high": high}


@dataclass(frozen=True)
class Assumptions:
    """Every parameter of the need model; percentages are in percent (84.4, not 0.844)."""

    alternative: str = field(
        default="MMMM",
        metadata=_spec("alt", "Framskrivingsalternativ", "alternativ", "SSBs hovedalternativ (MMMM)"),
    )
    children_per_teacher_under_3: float = field(
        default=7.0, metadata=_spec("bu3", "Barn under 3 år per barnehagelærer", "barn", NORM_SOURCE, 1, 30)
    )
    children_per_teacher_from_3: float = field(
        default=14.0,
        metadata=_spec("bo3", "Barn fra 3 år per barnehagelærer", "barn", NORM_SOURCE, 1, 50),
    )
    attendance_under_3: float = field(
        default=84.4,
        metadata=_spec("du3", "Andel barn 1–2 år i barnehage", "prosent", ATTENDANCE_SOURCE, 0, 100),
    )
    attendance_from_3: float = field(
        default=97.1,
        metadata=_spec("do3", "Andel barn 3–5 år i barnehage", "prosent", ATTENDANCE_SOURCE, 0, 100),
    )
    care_weight_0_66: float = field(
        default=16.0, metadata=_spec("v0", "Omsorgsvekt 0–66 år", "vekt", CARE_WEIGHT_SOURCE, 0, 10_000)
    )
    care_weight_67_79: float = field(
        default=97.0, metadata=_spec("v67", "Omsorgsvekt 67–79 år", "vekt", CARE_WEIGHT_SOURCE, 0, 10_000)
    )
    care_weight_80_89: float = field(
        default=420.0, metadata=_spec("v80", "Omsorgsvekt 80–89 år", "vekt", CARE_WEIGHT_SOURCE, 0, 10_000)
    )
    care_weight_90_plus: float = field(
        default=878.0,
        metadata=_spec("v90", "Omsorgsvekt 90 år og eldre", "vekt", CARE_WEIGHT_SOURCE, 0, 10_000),
    )
    care_ratio_change: float = field(
        default=0.0,
        metadata=_spec(
            "oe",
            "Endring i omsorgsårsverk per (vektet) innbygger",
            "prosent",
            "Dagens nivå i hver kommune (årsverk i omsorgstjenestene, SSB tabell 14534)",
            -50,
            100,
        ),
    )
    retirement_age: int = field(
        default=67,
        metadata=_spec("pa", "Pensjonsalder", "år", "Ordinær pensjonsalder i folketrygden (67 år)", 61, 75),
    )
    retirement_rate: float | None = field(
        default=None,
        metadata=_spec(
            "pr",
            "Avgang til pensjon per år",
            "prosent",
            f"Beregnet for hver kommune: andelen ansatte {SENIOR_AGE} år og eldre (KS, PAI-registeret) "
            f"fordelt jevnt over årene fram til pensjonsalderen",
            0,
            25,
        ),
    )

    def __post_init__(self):
        for item in fields(self):
            _check(item, getattr(self, item.name))
        if sum(self.care_weights().values()) <= 0:
            raise AssumptionError("Minst én av omsorgsvektene må være større enn 0.")

    def changed(self) -> tuple[str, ...]:
        """The names of the fields the user set to something other than the default."""
        default = Assumptions()
        return tuple(f.name for f in fields(self) if getattr(self, f.name) != getattr(default, f.name))

    def to_params(self) -> dict[str, str]:
        """The changed values as URL parameters (short key -> text); the defaults are left out."""
        by_name = {f.name: f for f in fields(self)}
        return {by_name[name].metadata["key"]: _to_text(getattr(self, name)) for name in self.changed()}

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Assumptions:
        """Assumptions from URL parameters; keys it does not own are ignored, bad values raise."""
        values = {}
        for item in fields(cls):
            text = params.get(item.metadata["key"])
            if text is not None and text.strip() != "":
                values[item.name] = _parse(item, text.strip())
        return cls(**values)

    def with_changes(self, **changes) -> Assumptions:
        """A copy with some values changed (validated like any other)."""
        return replace(self, **changes)

    def care_weights(self) -> dict[str, float]:
        """Weight per care age group, keyed by the population-group column it applies to."""
        return {
            "age_0_66": self.care_weight_0_66,
            "age_67_79": self.care_weight_67_79,
            "age_80_89": self.care_weight_80_89,
            "age_90_plus": self.care_weight_90_plus,
        }


def _check(item, value) -> None:
    """Raise a Norwegian AssumptionError when a value is outside what the field allows."""
    spec = item.metadata
    if item.name == "alternative":
        if value not in ALTERNATIVES:
            raise AssumptionError(
                f"«{spec['label']}» må være et av {', '.join(ALTERNATIVES)}; fikk «{value}»."
            )
        return
    if value is None and item.default is None:
        return
    integral = item.name == "retirement_age"
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (integral and not isinstance(value, int))
    ):
        raise AssumptionError(
            f"«{spec['label']}» må være et {'heltall' if integral else 'tall'}; fikk «{value}»."
        )
    if not math.isfinite(value):
        raise AssumptionError(f"«{spec['label']}» må være et tall; fikk «{value}».")
    if not spec["low"] <= value <= spec["high"]:
        raise AssumptionError(
            f"«{spec['label']}» må ligge mellom {format_number(spec['low'])} og "
            f"{format_number(spec['high'])}; fikk «{_show(value)}»."
        )


def _to_text(value) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _parse(item, text: str):
    """One URL value in the field's type, or a Norwegian AssumptionError."""
    if item.name == "alternative":
        return text.upper()
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise AssumptionError(f"«{item.metadata['label']}» må være et tall; fikk «{text}».") from None
    if not math.isfinite(number):
        raise AssumptionError(f"«{item.metadata['label']}» må være et tall; fikk «{text}».")
    if item.name == "retirement_age":
        if not number.is_integer():
            raise AssumptionError(f"«{item.metadata['label']}» må være et heltall; fikk «{text}».")
        return int(number)
    return number


def _show(value) -> str:
    """A value in Norwegian with no more decimals than it has (7 -> '7', 84.4 -> '84,4')."""
    if isinstance(value, int) or float(value).is_integer():
        return format_number(value, 0)
    return format_number(value, 1 if round(value, 1) == value else 2)


def show_value(name: str, value) -> str:
    """A field's value as the user reads it: '84,4 %', '67 år', 'Hovedalternativet (MMMM)'."""
    if name == "alternative":
        return ALTERNATIVE_NAMES[value]
    if value is None:
        return "beregnet per kommune"
    unit = next(f.metadata["unit"] for f in fields(Assumptions) if f.name == name)
    suffix = {"prosent": "\u00a0%", "år": " år"}.get(unit, "")
    return f"{_show(value)}{suffix}"


def assumption_table(assumptions: Assumptions) -> pl.DataFrame:
    """One row per assumption: Forutsetning, Verdi, Standard, Kilde (the user's choice is marked as such)."""
    default = Assumptions()
    changed = set(assumptions.changed())
    rows = [
        {
            "Forutsetning": item.metadata["label"],
            "Verdi": show_value(item.name, getattr(assumptions, item.name)),
            "Standard": show_value(item.name, getattr(default, item.name)),
            "Kilde": CHANGED_SOURCE if item.name in changed else item.metadata["source"],
            "Endret": item.name in changed,
        }
        for item in fields(Assumptions)
    ]
    return pl.DataFrame(rows)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def assumptions_text(assumptions: Assumptions, start_year: int, example: bool) -> str:
    """One Norwegian paragraph with every assumption, to print under each chart and in each export."""
    a = assumptions
    changed = set(a.changed())
    mark = lambda *names: " (valgt av brukeren)" if changed.intersection(names) else ""
    *first, last = (_show(w) for w in a.care_weights().values())
    alternative = f"{_lower_first(ALTERNATIVE_NAMES[a.alternative])}{mark('alternative')}"
    population = (
        f"Befolkningen er eksempeldata framskrevet av kompetanse fra befolkningen 1. januar {start_year} "
        f"(ikke SSBs tall), {alternative}"
        if example
        else f"Befolkningen er SSBs befolkningsframskriving, {alternative}"
    )
    retirement = (
        f"{show_value('retirement_rate', a.retirement_rate)} av dagens årsverk går av hvert år"
        f"{mark('retirement_rate')}"
        if a.retirement_rate is not None
        else f"dagens andel ansatte {SENIOR_AGE} år og eldre i hver kommune går av jevnt fordelt over årene "
        f"til de er {a.retirement_age} år{mark('retirement_age')}, og like mange hvert år etter det"
    )
    care_change = (
        f", endret med {show_value('care_ratio_change', a.care_ratio_change)}{mark('care_ratio_change')}"
        if a.care_ratio_change
        else ""
    )
    under_3, from_3 = _show(a.children_per_teacher_under_3), _show(a.children_per_teacher_from_3)
    weights_changed = mark(
        "care_weight_0_66", "care_weight_67_79", "care_weight_80_89", "care_weight_90_plus"
    )
    return (
        f"Forutsetninger: {population}; båndet viser lav (LLML) og høy (HHMH) nasjonal vekst. Barnehage: "
        f"pedagognormen krever én pedagogisk leder (barnehagelærer) per {under_3} barn under 3 år og per "
        f"{from_3} barn fra 3 år{mark('children_per_teacher_under_3', 'children_per_teacher_from_3')} "
        f"({NORM_SOURCE}); andelen barn i barnehage holdes på dagens nivå (der kommunens egen andel ikke er "
        f"kjent, landsgjennomsnittet {show_value('attendance_under_3', a.attendance_under_3)} for 1–2 år og "
        f"{show_value('attendance_from_3', a.attendance_from_3)} for 3–5 år)"
        f"{mark('attendance_under_3', 'attendance_from_3')}. Omsorg: årsverk per vektet innbygger holdes på "
        f"dagens nivå i hver kommune{care_change}, med innbyggerne 0–66, 67–79, 80–89 og 90+ år vektet "
        f"{', '.join(first)} og {last}{weights_changed} (mottakere per 1000 innbyggere, SSB), og fordelt på "
        f"utdanning med dagens andeler. Avgang: {retirement}. Rekrutteringsbehovet er det som mangler når "
        f"avgangen er trukket fra dagens årsverk, regnet for hver kommune; regionen er summen, så et "
        f"overskudd i én kommune dekker ikke et underskudd i en annen."
    )
