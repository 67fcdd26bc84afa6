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
Where SSB 12562 gives a municipality's own share of children 1-5 years in barnehage, its shares per age
group are the national ones times its share / 92.2 (at most 100 %): SSB publishes no municipal share per
age group, and the national ratio between the groups is the best stand-in.
Retirement: the default 67 is the ordinary retirement age in folketrygden; many leave earlier (AFP from 62,
the special age limit of 65 for nurses), so a lower age is a reasonable choice for the user.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.rules.formatting import format_number
from kompetanse.sources.projections import ALTERNATIVE_NAMES, ALTERNATIVES

SENIOR_AGE = 60  # the age the share of senior staff counts from (KS PAI: "60 år og eldre")
NATIONAL_ATTENDANCE_1_5 = (
    92.2  # children 1-5 years in barnehage nationally, the same SSB table as the defaults
)
# The labels and sources are catalogue texts, translated where they are shown: label(), source().
NORM_SOURCE = N_("Barnehageloven § 26 / forskrift om pedagogisk bemanning")
ATTENDANCE_SOURCE = N_(
    "Dagens nivå: kommunens egen andel der den er kjent, ellers landsgjennomsnittet i SSBs "
    "barnehagestatistikk"
)
CARE_WEIGHT_SOURCE = N_(
    "Mottakere av hjemmetjenester og beboere i institusjon per 1000 innbyggere i aldersgruppen, "
    "SSB (2008/2010)"
)
CHANGED_SOURCE = N_("Valgt av brukeren")


class AssumptionError(KompetanseError):
    """An assumption outside its allowed values; the message names it in the reader's målform."""


def _spec(key: str, label: str, unit: str, source: str, low: float | None = None, high: float | None = None):
    return {"key": key, "label": label, "unit": unit, "source": source, "low": low, "high": high}


@dataclass(frozen=True)
class Assumptions:
    """Every parameter of the need model; percentages are in percent (84.4, not 0.844)."""

    alternative: str = field(
        default="MMMM",
        metadata=_spec("alt", N_("Framskrivingsalternativ"), "alternativ", N_("SSBs hovedalternativ (MMMM)")),
    )
    children_per_teacher_under_3: float = field(
        default=7.0,
        metadata=_spec("bu3", N_("Barn under 3 år per barnehagelærer"), "barn", NORM_SOURCE, 1, 30),
    )
    children_per_teacher_from_3: float = field(
        default=14.0,
        metadata=_spec("bo3", N_("Barn fra 3 år per barnehagelærer"), "barn", NORM_SOURCE, 1, 50),
    )
    attendance_under_3: float = field(
        default=84.4,
        metadata=_spec("du3", N_("Andel barn 1–2 år i barnehage"), "prosent", ATTENDANCE_SOURCE, 0, 100),
    )
    attendance_from_3: float = field(
        default=97.1,
        metadata=_spec("do3", N_("Andel barn 3–5 år i barnehage"), "prosent", ATTENDANCE_SOURCE, 0, 100),
    )
    care_weight_0_66: float = field(
        default=16.0,
        metadata=_spec("v0", N_("Omsorgsvekt 0–66 år"), "vekt", CARE_WEIGHT_SOURCE, 0, 10_000),
    )
    care_weight_67_79: float = field(
        default=97.0,
        metadata=_spec("v67", N_("Omsorgsvekt 67–79 år"), "vekt", CARE_WEIGHT_SOURCE, 0, 10_000),
    )
    care_weight_80_89: float = field(
        default=420.0,
        metadata=_spec("v80", N_("Omsorgsvekt 80–89 år"), "vekt", CARE_WEIGHT_SOURCE, 0, 10_000),
    )
    care_weight_90_plus: float = field(
        default=878.0,
        metadata=_spec("v90", N_("Omsorgsvekt 90 år og eldre"), "vekt", CARE_WEIGHT_SOURCE, 0, 10_000),
    )
    care_ratio_change: float = field(
        default=0.0,
        metadata=_spec(
            "oe",
            N_("Endring i omsorgsårsverk per (vektet) innbygger"),
            "prosent",
            N_("Dagens nivå i hver kommune (årsverk i omsorgstjenestene, SSB tabell 14534)"),
            -50,
            100,
        ),
    )
    retirement_age: int = field(
        default=67,
        metadata=_spec(
            "pa", N_("Pensjonsalder"), "år", N_("Ordinær pensjonsalder i folketrygden (67 år)"), 61, 75
        ),
    )
    retirement_rate: float | None = field(
        default=None,
        metadata=_spec(
            "pr",
            N_("Avgang til pensjon per år"),
            "prosent",
            # 60 is SENIOR_AGE (a catalogue text cannot hold an expression)
            N_(
                "Beregnet for hver kommune: andelen ansatte 60 år og eldre (KS, PAI-registeret) "
                "fordelt jevnt over årene fram til pensjonsalderen"
            ),
            0,
            25,
        ),
    )

    def __post_init__(self):
        for item in fields(self):
            _check(item, getattr(self, item.name))
        if sum(self.care_weights().values()) <= 0:
            raise AssumptionError(_("Minst én av omsorgsvektene må være større enn 0."))

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


def label(item) -> str:
    """A field's label in the reader's målform."""
    text = item.metadata["label"]  # a variable: the extractor would take a literal key for the text
    return _(text)


def source(item) -> str:
    """Where a field's default comes from, in the reader's målform."""
    text = item.metadata["source"]
    return _(text)


def _not_a_number(item, value) -> AssumptionError:
    return AssumptionError(_("«{label}» må være et tall; fikk «{value}».", label=label(item), value=value))


def _not_whole(item, value) -> AssumptionError:
    return AssumptionError(_("«{label}» må være et heltall; fikk «{value}».", label=label(item), value=value))


def _check(item, value) -> None:
    """Raise an AssumptionError in the reader's målform when a value is outside what the field allows."""
    spec = item.metadata
    if item.name == "alternative":
        if value not in ALTERNATIVES:
            raise AssumptionError(
                _(
                    "«{label}» må være et av {choices}; fikk «{value}».",
                    label=label(item),
                    choices=", ".join(ALTERNATIVES),
                    value=value,
                )
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
        raise _not_whole(item, value) if integral else _not_a_number(item, value)
    if not math.isfinite(value):
        raise _not_a_number(item, value)
    if not spec["low"] <= value <= spec["high"]:
        raise AssumptionError(
            _(
                "«{label}» må ligge mellom {low} og {high}; fikk «{value}».",
                label=label(item),
                low=format_number(spec["low"]),
                high=format_number(spec["high"]),
                value=_show(value),
            )
        )


def _to_text(value) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _parse(item, text: str):
    """One URL value in the field's type, or an AssumptionError in the reader's målform."""
    if item.name == "alternative":
        return text.upper()
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise _not_a_number(item, text) from None
    if not math.isfinite(number):
        raise _not_a_number(item, text)
    if item.name == "retirement_age":
        if not number.is_integer():
            raise _not_whole(item, text)
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
        return _(ALTERNATIVE_NAMES[value])
    if value is None:
        return _("beregnet per kommune")
    unit = next(f.metadata["unit"] for f in fields(Assumptions) if f.name == name)
    suffix = {"prosent": "\u00a0%", "år": " år"}.get(unit, "")  # 'år' is the same in nynorsk
    return f"{_show(value)}{suffix}"


def assumption_table(assumptions: Assumptions) -> pl.DataFrame:
    """One row per assumption: Forutsetning, Verdi, Standard, Kilde (the user's choice is marked as such)
    and Endret; the first four headings in the reader's målform."""
    default = Assumptions()
    changed = set(assumptions.changed())
    rows = [
        {
            _("Forutsetning"): label(item),
            _("Verdi"): show_value(item.name, getattr(assumptions, item.name)),
            _("Standard"): show_value(item.name, getattr(default, item.name)),
            _("Kilde"): _(CHANGED_SOURCE) if item.name in changed else source(item),
            "Endret": item.name in changed,
        }
        for item in fields(Assumptions)
    ]
    return pl.DataFrame(rows)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def assumptions_text(assumptions: Assumptions, start_year: int, example: bool) -> str:
    """One paragraph with every assumption, to print under each chart and in each export."""
    a = assumptions
    changed = set(a.changed())
    chosen = _(" (valgt av brukeren)")
    mark = lambda *names: chosen if changed.intersection(names) else ""
    *first, last = (_show(w) for w in a.care_weights().values())
    alternative = _lower_first(_(ALTERNATIVE_NAMES[a.alternative])) + mark("alternative")
    population = (
        _(
            "Befolkningen er eksempeldata framskrevet av kompetanse fra befolkningen 1. januar "
            "{start_year} (ikke SSBs tall), {alternative}",
            start_year=start_year,
            alternative=alternative,
        )
        if example
        else _("Befolkningen er SSBs befolkningsframskriving, {alternative}", alternative=alternative)
    )
    retirement = (
        _(
            "{rate} av dagens årsverk går av hvert år{mark}",
            rate=show_value("retirement_rate", a.retirement_rate),
            mark=mark("retirement_rate"),
        )
        if a.retirement_rate is not None
        else _(
            "dagens andel ansatte {senior_age} år og eldre i hver kommune går av jevnt fordelt over årene "
            "til de er {age} år{mark}, og like mange hvert år etter det",
            senior_age=SENIOR_AGE,
            age=a.retirement_age,
            mark=mark("retirement_age"),
        )
    )
    care_change = (
        _(
            ", endret med {change}{mark}",
            change=show_value("care_ratio_change", a.care_ratio_change),
            mark=mark("care_ratio_change"),
        )
        if a.care_ratio_change
        else ""
    )
    return _(
        "Forutsetninger: {population}; båndet viser lav (LLML) og høy (HHMH) nasjonal vekst. Barnehage: "
        "pedagognormen krever én pedagogisk leder (barnehagelærer) per {under_3} barn under 3 år og per "
        "{from_3} barn fra 3 år{norm_mark} ({norm_source}); andelen barn i barnehage holdes på dagens "
        "nivå (der kommunens egen andel ikke er kjent, landsgjennomsnittet {attendance_under_3} for "
        "1–2 år og {attendance_from_3} for 3–5 år){attendance_mark}. Omsorg: årsverk per vektet "
        "innbygger holdes på dagens nivå i hver kommune{care_change}, med innbyggerne 0–66, 67–79, "
        "80–89 og 90+ år vektet {weights} og {last}{weights_mark} (mottakere per 1000 innbyggere, SSB), "
        "og fordelt på utdanning med dagens andeler. Avgang: {retirement}. Rekrutteringsbehovet er det "
        "som mangler når avgangen er trukket fra dagens årsverk, regnet for hver kommune; regionen er "
        "summen, så et overskudd i én kommune dekker ikke et underskudd i en annen.",
        population=population,
        under_3=_show(a.children_per_teacher_under_3),
        from_3=_show(a.children_per_teacher_from_3),
        norm_mark=mark("children_per_teacher_under_3", "children_per_teacher_from_3"),
        norm_source=_(NORM_SOURCE),
        attendance_under_3=show_value("attendance_under_3", a.attendance_under_3),
        attendance_from_3=show_value("attendance_from_3", a.attendance_from_3),
        attendance_mark=mark("attendance_under_3", "attendance_from_3"),
        care_change=care_change,
        weights=", ".join(first),
        last=last,
        weights_mark=mark(
            "care_weight_0_66", "care_weight_67_79", "care_weight_80_89", "care_weight_90_plus"
        ),
        retirement=retirement,
    )
