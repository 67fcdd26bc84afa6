"""A region's own targets for any indicator (heltid 50 % by 2027, 100 leaders trained by 2026):
progress on Oversikt and Lederutvikling, a line on the charts, set by the region's editors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kompetanse.access.roles import User, require_region
from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import compare_region, indicator_info
from kompetanse.rules.formatting import format_number, format_value
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database


@dataclass(frozen=True)
class Target:
    """A region's own target for one indicator: `value` by `year`."""

    region_id: str
    indicator_id: str
    value: float
    year: int
    note: str | None = None


@dataclass(frozen=True)
class TargetProgress:
    indicator_id: str
    indicator_name: str
    target_value: float
    target_year: int
    current_value: float | None
    current_year: int | None
    share: float | None  # 0-100: how far along the way to the target
    text: str


def _points(value: float, unit: str) -> str:
    """A difference in the indicator's unit: '6,8 prosentpoeng', '12'."""
    if unit == "prosent":
        return _("{value} prosentpoeng", value=format_number(value, 1))
    return format_value(value, unit)


def progress_text(
    indicator: dict, target: dict, current: float | None, year: int | None
) -> tuple[float | None, str]:
    """How far the region has come (0-100, or None) and the sentence that says it."""
    unit, name = indicator["unit"], indicator["name"]
    goal, by = target["target_value"], target["target_year"]
    if current is None:
        return None, _(
            "Ingen tall ennå for {name}; mål: {goal} innen {year}.",
            name=name.lower(),
            goal=format_value(goal, unit),
            year=by,
        )
    lower_is_better = indicator["higher_is_better"] is False
    if indicator["aggregation"] == "sum":  # a count towards a number, e.g. leaders trained
        share = current / goal * 100
        text = _(
            "{now} av {goal} ({share}) i {year}: {name}, mål innen {by}.",
            now=format_value(current, unit),
            goal=format_value(goal, unit),
            share=format_value(share, "prosent"),
            year=year,
            name=name.lower(),
            by=by,
        )
        return share, text
    share = (goal / current if lower_is_better else current / goal) * 100 if current else 0.0
    left = current - goal if lower_is_better else goal - current
    status = _("målet er nådd") if left <= 0 else _("{left} igjen", left=_points(left, unit))
    now, aim = format_value(current, unit), format_value(goal, unit)
    return share, _(
        "{name}: {now} i {year}, mål {aim} innen {by} ({status}).",
        name=name,
        now=now,
        year=year,
        aim=aim,
        by=by,
        status=status,
    )


@per_version
def target_progress(database: Database, region: dict, year: int | None) -> list[TargetProgress]:
    """Each target set for the region, with the region's value for the chosen (or newest) year."""
    progress = []
    for target in database.query("region_target", region_id=region["region_id"]).iter_rows(named=True):
        comparison = compare_region(database, region["region_id"], target["indicator_id"], year)
        hidden = bool(comparison.region and comparison.region.get("note"))
        current = comparison.region["value"] if comparison.region and not hidden else None
        share, text = progress_text(comparison.indicator, target, current, comparison.year)
        progress.append(
            TargetProgress(
                target["indicator_id"],
                target["indicator_name"],
                target["target_value"],
                target["target_year"],
                current,
                comparison.year,
                share,
                text,
            )
        )
    return progress


def region_target(database: Database, region_id: str, indicator_id: str) -> dict | None:
    """The region's target for one indicator (target_value, target_year, ...), or None."""
    found = database.query("region_target", region_id=region_id)
    rows = [row for row in found.iter_rows(named=True) if row["indicator_id"] == indicator_id]
    return rows[0] if rows else None


def target_label(target: dict, unit: str) -> str:
    """'Mål 2027: 50,0 %' (a chart's legend and the target line's label)."""
    return _(
        "Mål {year}: {value}", year=target["target_year"], value=format_value(target["target_value"], unit)
    )


def check_target(indicator: dict, value: float, year: int, this_year: int) -> None:
    """Refuse a target that cannot be met or makes no sense, with a message in the run's language."""
    if value <= 0:
        raise KompetanseError(_("Målet må være større enn 0."))
    if indicator["unit"] == "prosent" and value > 100:
        raise KompetanseError(_("Et mål for en andel kan ikke være over 100 prosent."))
    if not this_year <= year <= this_year + 20:
        raise KompetanseError(
            _("Målåret må være mellom {first} og {last}.", first=this_year, last=this_year + 20)
        )


def set_target(database: Database, target: Target, user: User | None) -> None:
    """Save (or replace) the region's target for one indicator (its editors or an admin)."""
    check_target(
        indicator_info(database, target.indicator_id), target.value, target.year, datetime.now().year
    )
    user = require_region(user, target.region_id, database, N_("sette mål for regionen"))
    detail = f"{target.region_id} {target.indicator_id}: {target.value:g} innen {target.year}"
    with database.writing(by=user, action="mål", detail=detail) as writer:
        writer.run(
            "upsert_target",
            region_id=target.region_id,
            indicator_id=target.indicator_id,
            target_value=target.value,
            target_year=target.year,
            note=(target.note or "").strip()[:500] or None,
            set_by=user.username,
            set_at=datetime.now().replace(microsecond=0),
        )


def remove_target(database: Database, region_id: str, indicator_id: str, user: User | None) -> None:
    """Remove the region's target for one indicator (its editors or an admin)."""
    user = require_region(user, region_id, database, N_("fjerne mål for regionen"))
    if region_target(database, region_id, indicator_id) is None:
        raise KompetanseError(_("Regionen har ikke noe mål for denne indikatoren."))
    with database.writing(by=user, action="mål", detail=f"{region_id} {indicator_id}: fjernet") as writer:
        writer.run("delete_target", region_id=region_id, indicator_id=indicator_id)
