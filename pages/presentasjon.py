"""Presentasjon: choose views, write the takeaways, open or save a named presentation, present it
full screen (keys turn the slides) or take it along as PowerPoint. Everything is in the link."""

import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.ui import login, sidebar, slideshow
from kompetanse.ui.state import int_param, list_param, remember, set_param, synced
from kompetanse.views.presentasjon import DEFAULT_VIEWS, available_views, build_views, deck, title_text
from kompetanse.views.saved_presentations import (
    MAX_NAME_CHARS,
    MAX_TAKEAWAY_CHARS,
    delete_presentation,
    dump_takeaways,
    name_key,
    one_line,
    parse_takeaways,
    save_presentation,
    saved_presentations,
)

PAGE = "presentasjon"
OPENED, VIEWS, TAKEAWAYS = f"{PAGE}:presentasjon", f"{PAGE}:visninger", f"{PAGE}:poeng"

database = login.database()
filters = sidebar.current_filters()
region = filters.region
options = available_views(database)
saved = saved_presentations(database, region["region_id"])


def takeaway_key(view_id: str) -> str:
    return f"{TAKEAWAYS}:{view_id}"


def typed_takeaways(suggested: dict[str, str]) -> dict[str, str]:
    """The takeaways typed over the suggestions (view id -> text), read from the fields."""
    typed = {}
    for view_id, suggestion in suggested.items():
        text = one_line(str(st.session_state.get(takeaway_key(view_id), "")))
        if text and text != one_line(suggestion):
            typed[view_id] = text
    return typed


def load(views: list[str], takeaways: dict[str, str]) -> None:
    """Show these views and takeaways (called before a run: widget values may still be set)."""
    remember(PAGE, "visninger", views)
    st.session_state[f"{VIEWS}:widget"] = views
    remember(PAGE, "poeng", takeaways)
    for key in [key for key in st.session_state if str(key).startswith(f"{TAKEAWAYS}:")]:
        del st.session_state[key]


def open_chosen() -> None:
    chosen = saved.get(st.session_state[f"{OPENED}:widget"])
    if chosen is None:
        load([view for view in DEFAULT_VIEWS if view in options], {})
    else:
        load(list(chosen.views), dict(chosen.takeaways))


def save(user, suggested: dict[str, str]) -> None:
    views = tuple(st.session_state.get(f"{VIEWS}:widget") or ())
    try:
        stored = save_presentation(
            database,
            region["region_id"],
            st.session_state["lagre:navn"],
            views,
            typed_takeaways(suggested),
            user,
        )
    except KompetanseError as error:
        st.session_state["lagre:melding"] = ("error", str(error))
        return
    remember(PAGE, "presentasjon", name_key(stored.name))
    st.session_state[f"{OPENED}:widget"] = name_key(stored.name)
    st.session_state["lagre:melding"] = ("success", f"Lagret «{stored.name}» for {region['name']}.")


def delete(user, name: str) -> None:
    try:
        delete_presentation(database, region["region_id"], name, user)
    except KompetanseError as error:
        st.session_state["lagre:melding"] = ("error", str(error))
        return
    remember(PAGE, "presentasjon", None)
    st.session_state[f"{OPENED}:widget"] = None
    st.session_state["lagre:melding"] = ("success", f"Slettet «{name}».")


def opened_presentation(show: bool):
    """The saved presentation shown (?presentasjon=NAVN), or None for a new one."""
    key = synced(
        "presentasjon",
        page=PAGE,
        default=None,
        valid=lambda value: value is None or value in saved,
        parse=lambda text: name_key(text) if text else None,
        dump=lambda value: saved[value].name if value else None,
        draw=(
            (
                lambda key: st.selectbox(
                    "Lagrede presentasjoner",
                    [None, *saved],
                    key=key,
                    format_func=lambda value: saved[value].name if value else "Ny presentasjon",
                    on_change=open_chosen,
                    help="Lagret av en redaktør for regionen. Åpne en, eller lag en ny nedenfor.",
                )
            )
            if show and saved
            else None
        ),
    )
    return saved.get(key)


def choose_views(show: bool, opened) -> tuple[str, ...]:
    """The views to present, kept in the URL as ?visninger=bar:heltid_andel,programmes."""
    chosen = synced(
        "visninger",
        page=PAGE,
        default=list(opened.views) if opened else [view for view in DEFAULT_VIEWS if view in options],
        valid=lambda value: isinstance(value, list) and all(view in options for view in value),
        parse=lambda text: [view for view in list_param(text) if view in options] or None,
        dump=lambda value: ",".join(value) or None,
        draw=(
            (lambda key: st.multiselect("Visninger", options=list(options), key=key, format_func=options.get))
            if show
            else None
        ),
    )
    return tuple(chosen)


def edited_takeaways(opened) -> dict[str, str]:
    """The takeaways written over the suggestions, kept in the URL as ?poeng={"view id": "text"}."""
    return synced(
        "poeng",
        page=PAGE,
        default=dict(opened.takeaways) if opened else {},
        valid=lambda value: isinstance(value, dict),
        parse=parse_takeaways,
        dump=dump_takeaways,
    )


def takeaway_fields(views, edited: dict[str, str]) -> dict[str, str]:
    """A field per view with its takeaway; the suggestion follows the figures until someone types."""
    for view in views:
        key, shown_suggestion = takeaway_key(view.key), f"{takeaway_key(view.key)}:forslag"
        stale = st.session_state.get(key) == st.session_state.get(shown_suggestion) != view.headline
        if key not in st.session_state or stale:
            st.session_state[key] = edited.get(view.key, view.headline)
        st.session_state[shown_suggestion] = view.headline
        st.text_input(view.heading, key=key, max_chars=MAX_TAKEAWAY_CHARS)
    typed = typed_takeaways({view.key: view.headline or "" for view in views})
    remember(PAGE, "poeng", typed)
    set_param("poeng", dump_takeaways(typed))
    return typed


def go_to(slide: int | None) -> None:
    remember(PAGE, "lysbilde", slide)


opened = opened_presentation(show=False)
chosen = choose_views(show=False, opened=opened)
edited = edited_takeaways(opened)
slide = synced(
    "lysbilde",
    page=PAGE,
    default=None,
    valid=lambda value: value is None or (isinstance(value, int) and 0 <= value <= len(chosen)),
    parse=int_param,
    dump=lambda value: None if value is None else str(value),
)

if slide is None:
    st.title(f"Presentasjon: {region['name']}")
    opened = opened_presentation(show=True)
    chosen = choose_views(show=True, opened=opened)
    views = build_views(database, region, filters.year, chosen)
    st.markdown(
        "Velg visningene, skriv gjerne ditt eget hovedpoeng for hver, og start. Utvalget og "
        "hovedpoengene ligger i lenken, så den kan deles før møtet. Piltastene, PageDown/PageUp og "
        "mellomrom blar i presentasjonen; Esc avslutter."
    )
    edited = takeaway_fields(views, edited)
    start, download = st.columns([1, 3])
    start.button(
        "Start presentasjon",
        type="primary",
        icon=":material/play_arrow:",
        disabled=not views,
        on_click=go_to,
        args=(0,),
    )
    download.download_button(
        "Last ned som PowerPoint",
        data=lambda: deck(region, views, edited),
        file_name=f"presentasjon-{region['slug']}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
        on_click="ignore",  # see panels.export_buttons
        disabled=not views,
    )
    with st.expander("Lagre presentasjonen (for redaktører)", icon=":material/save:"):
        kind, message = st.session_state.pop("lagre:melding", (None, None))
        if kind:
            (st.error if kind == "error" else st.success)(message)
        user = login.writer("lagre presentasjoner for regionen")
        if user is not None:
            st.session_state.setdefault("lagre:navn", opened.name if opened else "")
            with st.form("lagre-presentasjon"):
                st.text_input("Navn", key="lagre:navn", max_chars=MAX_NAME_CHARS)
                st.form_submit_button(
                    "Lagre", on_click=save, args=(user, {view.key: view.headline or "" for view in views})
                )
            st.caption(
                "Et navn som finnes fra før for regionen, blir erstattet. Alle kan åpne presentasjonen."
            )
            if opened:
                st.button(f"Slett «{opened.name}»", on_click=delete, args=(user, opened.name))
else:
    views = build_views(database, region, filters.year, chosen)
    slideshow.start(slide)
    if slide == 0:
        title, subtitle = title_text(region, views)
        slideshow.title_slide(
            title, subtitle, [view.heading or "" for view in views], any(v.is_example for v in views)
        )
    else:
        view = views[slide - 1]
        slideshow.view_slide(view, edited.get(view.key) or view.headline or "")
    slideshow.navigation(slide, len(views) + 1, go_to)
