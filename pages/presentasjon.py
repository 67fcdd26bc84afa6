"""Presentasjon: choose views, step through them full screen, or take them along as PowerPoint."""

import streamlit as st

from kompetanse.ui import login, panels, sidebar
from kompetanse.ui.state import int_param, list_param, remember, synced
from kompetanse.views.presentasjon import DEFAULT_VIEWS, available_views, build_views, deck, title_text

PAGE = "presentasjon"
# Our own fixed style, not user text: bigger type and no sidebar or toolbar while presenting.
PRESENTING_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"] {display: none;}
[data-testid="stMainBlockContainer"] {padding-top: 1.5rem; max-width: 100%;}
[data-testid="stMain"] h1 {font-size: 3rem;}
[data-testid="stMain"] p {font-size: 1.5rem;}
</style>
"""

database = login.database()
filters = sidebar.current_filters()
region = filters.region
options = available_views(database)


def choose_views(show: bool) -> tuple[str, ...]:
    """The views to present, kept in the URL as ?visninger=bar:heltid_andel,programmes."""
    chosen = synced(
        "visninger",
        page=PAGE,
        default=[view for view in DEFAULT_VIEWS if view in options],
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


def go_to_slide(slide: int | None) -> None:
    remember(PAGE, "lysbilde", slide)
    st.rerun()


chosen = choose_views(show=False)
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
    chosen = choose_views(show=True)
    views = build_views(database, region, filters.year, chosen)
    st.markdown(
        "Velg visningene over, skriv gjerne din egen hovedpoeng-setning for hver, og start. "
        "Utvalget ligger i lenken, så den kan deles før møtet."
    )
    # Kept outside widget state: Streamlit forgets a widget's value on runs where it is not drawn.
    saved = st.session_state.setdefault("takeaways", {})
    for view in views:
        saved[view.key] = st.text_input(view.heading, value=saved.get(view.key, view.headline), max_chars=300)
    takeaways = {view.key: saved[view.key] for view in views}
    start, download = st.columns([1, 3])
    if start.button("Start presentasjon", type="primary", icon=":material/play_arrow:", disabled=not views):
        go_to_slide(0)
    download.download_button(
        "Last ned som PowerPoint",
        data=lambda: deck(region, views, takeaways),
        file_name=f"presentasjon-{region['slug']}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
    )
else:
    views = build_views(database, region, filters.year, chosen)
    st.html(PRESENTING_CSS)
    if slide == 0:
        title, subtitle = title_text(region, views)
        st.title(title)
        st.markdown(subtitle)
        st.markdown(" · ".join(view.heading for view in views))
    else:
        view = views[slide - 1]
        st.title(view.heading)
        if view.is_example:
            panels.example_badge()
        st.markdown(st.session_state.get("takeaways", {}).get(view.key, view.headline))
        st.vega_lite_chart(view.chart_spec, width="stretch")
        st.caption(view.footnote)
    back, position, forward, leave = st.columns([1, 1, 1, 1])
    if back.button("Forrige", icon=":material/arrow_back:", disabled=slide == 0):
        go_to_slide(slide - 1)
    position.markdown(f"{slide + 1} / {len(views) + 1}")
    if forward.button("Neste", icon=":material/arrow_forward:", disabled=slide == len(views)):
        go_to_slide(slide + 1)
    if leave.button("Avslutt", icon=":material/close:"):
        go_to_slide(None)
