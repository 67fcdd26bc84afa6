"""What the Presentasjon page keeps: the saved presentation shown, the views, the takeaways written
over the suggestions and the slide, each in the URL (?presentasjon=, ?visninger=, ?poeng=,
?lysbilde=), and the form in which an editor saves or deletes a named presentation.

Opening, saving and deleting run as widget callbacks, before the next run, because they set
other widgets' values (the views, the takeaway fields), which Streamlit allows only then.
"""

from __future__ import annotations

import re

import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.store.db import Database
from kompetanse.ui import login
from kompetanse.ui.state import int_param, list_param, remember, set_param, synced
from kompetanse.views.presentasjon import DEFAULT_VIEWS
from kompetanse.views.saved_presentations import (
    MAX_NAME_CHARS,
    MAX_TAKEAWAY_CHARS,
    SavedPresentation,
    delete_presentation,
    dump_takeaways,
    name_key,
    one_line,
    parse_takeaways,
    save_presentation,
)

PAGE = "presentasjon"
OPENED, VIEWS, TAKEAWAYS = f"{PAGE}:presentasjon", f"{PAGE}:visninger", f"{PAGE}:poeng"
NAME, MESSAGE = f"{PAGE}:navn", f"{PAGE}:melding"
SUGGESTED = f"{PAGE}:forslag"  # field key -> the suggestion it was given: one entry (see ui/state.SYNCED)


def _literal(text: str) -> str:
    """A user's text for a message or label that Streamlit reads as Markdown: every mark escaped,
    so a name like "[klikk](http://…)" shows as typed and never becomes a link."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$:])", r"\\\1", text)


def _takeaway_key(view_id: str) -> str:
    return f"{TAKEAWAYS}:{view_id}"


def _typed(suggested: dict[str, str]) -> dict[str, str]:
    """The takeaways typed over the suggestions (view id -> text), as the fields hold them now."""
    typed = {}
    for view_id, suggestion in suggested.items():
        text = one_line(str(st.session_state.get(_takeaway_key(view_id), "")))
        if text and text != one_line(suggestion):
            typed[view_id] = text
    return typed


def _load(views: list[str], takeaways: dict[str, str]) -> None:
    """Show these views and takeaways (in a callback, so the fields may still be set)."""
    remember(PAGE, "visninger", views)
    st.session_state[f"{VIEWS}:widget"] = views
    remember(PAGE, "poeng", takeaways)
    for key in [key for key in st.session_state if str(key).startswith(f"{TAKEAWAYS}:")]:
        del st.session_state[key]
    st.session_state.pop(SUGGESTED, None)


def _open(saved: dict[str, SavedPresentation], options: dict[str, str]) -> None:
    chosen = saved.get(st.session_state[f"{OPENED}:widget"])
    if chosen is None:
        _load([view for view in DEFAULT_VIEWS if view in options], {})
    else:
        _load(list(chosen.views), dict(chosen.takeaways))


def opened(
    saved: dict[str, SavedPresentation], options: dict[str, str], show: bool
) -> SavedPresentation | None:
    """The saved presentation shown (?presentasjon=NAVN), or None for a new one; `show` draws the picker."""
    draw = None
    if show and saved:
        draw = lambda key: st.selectbox(
            _("Lagrede presentasjoner"),
            [None, *saved],
            key=key,
            format_func=lambda value: saved[value].name if value else _("Ny presentasjon"),
            on_change=_open,
            args=(saved, options),
            help=_("Lagret av en redaktør for regionen. Åpne en, eller lag en ny nedenfor."),
        )
    key = synced(
        "presentasjon",
        page=PAGE,
        default=None,
        valid=lambda value: value is None or value in saved,
        parse=lambda text: name_key(text) if text else None,
        dump=lambda value: saved[value].name if value else None,
        draw=draw,
    )
    return saved.get(key)


def views(options: dict[str, str], shown: SavedPresentation | None, show: bool) -> tuple[str, ...]:
    """The views to present, kept in the URL as ?visninger=bar:heltid_andel,programmes."""
    chosen = synced(
        "visninger",
        page=PAGE,
        default=list(shown.views) if shown else [view for view in DEFAULT_VIEWS if view in options],
        valid=lambda value: isinstance(value, list) and all(view in options for view in value),
        parse=lambda text: [view for view in list_param(text) if view in options] or None,
        dump=lambda value: ",".join(value) or None,
        draw=(
            (
                lambda key: st.multiselect(
                    _("Visninger"), options=list(options), key=key, format_func=options.get
                )
            )
            if show
            else None
        ),
    )
    return tuple(chosen)


def takeaways(shown: SavedPresentation | None) -> dict[str, str]:
    """The takeaways written over the suggestions, kept in the URL as ?poeng={"view id": "text"}."""
    return synced(
        "poeng",
        page=PAGE,
        default=dict(shown.takeaways) if shown else {},
        valid=lambda value: isinstance(value, dict),
        parse=parse_takeaways,
        dump=dump_takeaways,
    )


def slide(count: int) -> int | None:
    """The slide shown (?lysbilde=0 is the title slide), or None on the set-up page."""
    return synced(
        "lysbilde",
        page=PAGE,
        default=None,
        valid=lambda value: value is None or (isinstance(value, int) and 0 <= value <= count),
        parse=int_param,
        dump=lambda value: None if value is None else str(value),
    )


def go_to(number: int | None) -> None:
    """Turn to a slide (None leaves the presentation); a button's callback."""
    remember(PAGE, "lysbilde", number)


def start(panels) -> None:
    """Start presenting with the takeaways as typed, also one typed in the same moment as the click."""
    remember(PAGE, "poeng", _typed({view.key: view.headline or "" for view in panels}))
    go_to(0)


def takeaway_fields(panels, edited: dict[str, str]) -> dict[str, str]:
    """A field per view with its takeaway; the suggestion follows the figures until someone types."""
    suggested = st.session_state.setdefault(SUGGESTED, {})
    for view in panels:
        key = _takeaway_key(view.key)
        stale = st.session_state.get(key) == suggested.get(key) != view.headline
        if key not in st.session_state or stale:
            st.session_state[key] = edited.get(view.key, view.headline)
        suggested[key] = view.headline
        st.text_input(view.heading, key=key, max_chars=MAX_TAKEAWAY_CHARS)
    typed = _typed({view.key: view.headline or "" for view in panels})
    remember(PAGE, "poeng", typed)
    set_param("poeng", dump_takeaways(typed))
    return typed


def _save(database: Database, region: dict, user, suggested: dict[str, str]) -> None:
    chosen = tuple(st.session_state.get(f"{VIEWS}:widget") or ())
    try:
        stored = save_presentation(
            database, region["region_id"], st.session_state[NAME], chosen, _typed(suggested), user
        )
    except KompetanseError as error:
        st.session_state[MESSAGE] = ("error", _literal(str(error)))
        return
    remember(PAGE, "presentasjon", name_key(stored.name))
    st.session_state[f"{OPENED}:widget"] = name_key(stored.name)
    st.session_state[MESSAGE] = (
        "success",
        _("Lagret «{name}» for {region}.", name=_literal(stored.name), region=_literal(region["name"])),
    )


def _delete(database: Database, region: dict, user, name: str) -> None:
    try:
        delete_presentation(database, region["region_id"], name, user)
    except KompetanseError as error:
        st.session_state[MESSAGE] = ("error", _literal(str(error)))
        return
    remember(PAGE, "presentasjon", None)
    st.session_state[f"{OPENED}:widget"] = None
    st.session_state[MESSAGE] = ("success", _("Slettet «{name}».", name=_literal(name)))


def save_form(database: Database, region: dict, panels, shown: SavedPresentation | None) -> None:
    """For an editor of the region: save the views and takeaways under a name, or delete the one shown."""
    kind, message = st.session_state.pop(MESSAGE, (None, None))
    if kind:
        (st.error if kind == "error" else st.success)(message)
    user = login.writer(N_("lagre presentasjoner for regionen"))
    if user is None:
        return
    st.session_state.setdefault(NAME, shown.name if shown else "")
    suggested = {view.key: view.headline or "" for view in panels}
    with st.form("lagre-presentasjon"):
        st.text_input(_("Navn"), key=NAME, max_chars=MAX_NAME_CHARS)
        st.form_submit_button(_("Lagre"), on_click=_save, args=(database, region, user, suggested))
    st.caption(_("Et navn som finnes fra før for regionen, blir erstattet. Alle kan åpne presentasjonen."))
    if shown:
        st.button(
            _("Slett «{name}»", name=_literal(shown.name)),
            on_click=_delete,
            args=(database, region, user, shown.name),
        )
