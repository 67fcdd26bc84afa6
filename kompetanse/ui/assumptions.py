"""The widgets of Framtidig behov: every assumption with its default and source, the years and the horizon,
each kept in the URL (?bu3=6&pa=65&horisont=2040) so a changed view is a link, and shared with
Presentasjon (the same session keys), so a slide shows what the page shows.
"""

from __future__ import annotations

from dataclasses import fields

from kompetanse.i18n import _
from kompetanse.rules.future_assumptions import (
    AssumptionError,
    Assumptions,
    label,
    show_value,
    source,
)
from kompetanse.sources.projections import ALTERNATIVE_NAMES, ALTERNATIVES
from kompetanse.ui.state import int_param, list_param, synced
from kompetanse.views.future_data import ProjectionInfo

PAGE = "behov"  # the session keys Framtidig behov and Presentasjon share
DEFAULTS = Assumptions()


def _parse(item):
    """URL text -> the field's value, or None for text the field cannot take (the default is used)."""

    def parse(text: str | None):
        try:
            return getattr(Assumptions.from_params({item.metadata["key"]: text or ""}), item.name)
        except AssumptionError:
            return None

    return parse


def _valid(item):
    def valid(value) -> bool:
        try:
            Assumptions(**{item.name: value})
        except (AssumptionError, TypeError):
            return False
        return True

    return valid


def _dump(item):
    default = getattr(DEFAULTS, item.name)
    return lambda value: (
        None if value == default else Assumptions(**{item.name: value}).to_params().get(item.metadata["key"])
    )


def _help(item) -> str:
    return _(
        "Standard: {default}. Kilde: {source}.",
        default=show_value(item.name, getattr(DEFAULTS, item.name)),
        source=source(item),
    )


def _widget(item, container):
    """The widget that edits one field (drawn into `container` with the session key it is given)."""
    spec = item.metadata
    if item.name == "alternative":
        # Translated now, not when Streamlit formats an option (AppTest does that outside the run).
        names = {alternative: _(ALTERNATIVE_NAMES[alternative]) for alternative in ALTERNATIVES}
        return lambda key: container.selectbox(
            label(item), ALTERNATIVES, key=key, format_func=names.get, help=_help(item)
        )
    integral = item.name == "retirement_age"
    step = 1 if integral else 0.5
    low, high = (
        (int(spec["low"]), int(spec["high"])) if integral else (float(spec["low"]), float(spec["high"]))
    )
    placeholder = _("beregnet per kommune") if item.default is None else None
    return lambda key: container.number_input(
        _("{label} ({unit})", label=label(item), unit=spec["unit"]),
        min_value=low,
        max_value=high,
        step=step,
        key=key,
        help=_help(item),
        placeholder=placeholder,
    )


def assumptions(container=None) -> Assumptions:
    """Every assumption from the URL or the session; with a container, drawn as widgets in it."""
    values = {}
    for item in fields(Assumptions):
        draw = _widget(item, container) if container is not None else None
        values[item.name] = synced(
            item.metadata["key"],
            page=PAGE,
            default=getattr(DEFAULTS, item.name),
            valid=_valid(item),
            parse=_parse(item),
            dump=_dump(item),
            draw=draw,
        )
        if container is not None and values[item.name] != getattr(DEFAULTS, item.name):
            default = show_value(item.name, getattr(DEFAULTS, item.name))
            container.caption(_("Eget valg, ikke SSBs eller standardverdien ({default}).", default=default))
    try:
        return Assumptions(**values)
    except AssumptionError as error:  # each value is allowed, but not together (every weight 0)
        if container is not None:
            container.error(_("{error} Viser standardforutsetningene.", error=error), icon=":material/error:")
        return DEFAULTS


def horizon(info: ProjectionInfo, container=None) -> int:
    """The year the headline counts to (?horisont=), any projection year after the first."""
    return synced(
        "horisont",
        page=PAGE,
        default=info.default_horizon(),
        valid=lambda value: value in info.later,
        parse=int_param,
        dump=str,
        draw=(
            lambda key: container.selectbox(
                _("Horisont (behov og rekruttering fram til)"),
                info.later,
                key=key,
                help=_("Året overskriften, «Flere innen» og rekrutteringen per år regnes fram til."),
            )
        )
        if container is not None
        else None,
    )


def years(info: ProjectionInfo, container=None) -> tuple[int, ...]:
    """The years the bars and tables show (?behovsaar=2030,2035,2040), sorted."""
    default = list(info.default_years())
    chosen = synced(
        "behovsaar",
        page=PAGE,
        default=default,
        valid=lambda value: isinstance(value, list) and bool(value) and all(y in info.later for y in value),
        parse=lambda text: (
            [y for y in (int_param(part) for part in list_param(text)) if y in info.later] or None
        ),
        dump=lambda value: None if sorted(value) == default else ",".join(map(str, sorted(value))),
        draw=(
            lambda key: container.multiselect(
                _("År som vises"), info.later, key=key, help=_("Standard: 2030, 2035 og 2040.")
            )
        )
        if container is not None
        else None,
    )
    return tuple(sorted(chosen))
