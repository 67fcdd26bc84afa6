"""Presentasjon: choose views, step through them full screen, or take them along as PowerPoint."""

import streamlit as st

from kompetanse import ui
from kompetanse.views.presentasjon import DEFAULT_VIEWS, available_views, build_views, deck, title_text

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

filters = ui.current_filters()
region = filters.region
options = ui.cached(available_views)
slide = ui.slide_number(len(ui.view_choice(options, DEFAULT_VIEWS, show=False)))

if slide is None:
    st.title(f"Presentasjon: {region['name']}")
    chosen = ui.view_choice(options, DEFAULT_VIEWS)
    views = ui.cached(build_views, region, filters.year, chosen, reveal=False)
    st.markdown(
        "Velg visningene over, skriv gjerne din egen hovedpoeng-setning for hver, og start. "
        "Utvalget ligger i lenken, så den kan deles før møtet."
    )
    # Kept outside widget state: Streamlit forgets a widget's value on runs where it is not drawn.
    saved = st.session_state.setdefault("takeaways", {})
    for view in views:
        saved[view.view_id] = st.text_input(
            view.title, value=saved.get(view.view_id, view.takeaway), max_chars=300
        )
    takeaways = {view.view_id: saved[view.view_id] for view in views}
    start, download = st.columns([1, 3])
    if start.button("Start presentasjon", type="primary", icon=":material/play_arrow:", disabled=not views):
        ui.go_to_slide(0)
    download.download_button(
        "Last ned som PowerPoint",
        data=lambda: deck(region, views, takeaways),
        file_name=f"presentasjon-{region['slug']}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
    )
else:
    views = ui.cached(
        build_views, region, filters.year, ui.view_choice(options, DEFAULT_VIEWS, show=False), reveal=False
    )
    st.html(PRESENTING_CSS)
    if slide == 0:
        title, subtitle = title_text(region, views)
        st.title(title)
        st.markdown(subtitle)
        st.markdown(" · ".join(view.title for view in views))
    else:
        view = views[slide - 1]
        st.title(view.title)
        if view.is_example:
            ui.example_badge()
        st.markdown(st.session_state.get("takeaways", {}).get(view.view_id, view.takeaway))
        st.vega_lite_chart(view.chart_spec, width="stretch")
        st.caption(view.footnote)
    back, position, forward, leave = st.columns([1, 1, 1, 1])
    if back.button("Forrige", icon=":material/arrow_back:", disabled=slide == 0):
        ui.go_to_slide(slide - 1)
    position.markdown(f"{slide + 1} / {len(views) + 1}")
    if forward.button("Neste", icon=":material/arrow_forward:", disabled=slide == len(views)):
        ui.go_to_slide(slide + 1)
    if leave.button("Avslutt", icon=":material/close:"):
        ui.go_to_slide(None)
