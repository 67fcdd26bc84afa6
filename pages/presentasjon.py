"""Presentasjon: choose views, write the takeaways, open or save a named presentation, present it
full screen (keys turn the slides) or take it along as PowerPoint. Everything is in the link."""

import streamlit as st

from kompetanse.i18n import _, keeping_language
from kompetanse.ui import assumptions, login, presenting, sidebar, slideshow
from kompetanse.views.future_data import projection_info
from kompetanse.views.presentasjon import available_views, build_views, deck, title_text
from kompetanse.views.saved_presentations import saved_presentations

database = login.database()
filters = sidebar.current_filters()
region = filters.region
options = available_views(database)
saved = saved_presentations(database, region["region_id"])

shown = presenting.opened(saved, options, show=False)
chosen = presenting.views(options, shown, show=False)
edited = presenting.takeaways(shown)
slide = presenting.slide(len(chosen))
# Framtidig behov's slides show the assumptions and horizon chosen there (kept in the link too).
info = projection_info(database)
future = (assumptions.assumptions(), assumptions.horizon(info)) if info is not None else (None, None)

if slide is None:
    st.title(_("Presentasjon: {region}", region=region["name"]))
    shown = presenting.opened(saved, options, show=True)
    chosen = presenting.views(options, shown, show=True)
    views = build_views(database, region, filters.year, chosen, *future)
    st.markdown(
        _(
            "Velg visningene, skriv gjerne ditt eget hovedpoeng for hver, og start. Utvalget og "
            "hovedpoengene ligger i lenken, så den kan deles før møtet. Piltastene, PageDown/PageUp og "
            "mellomrom blar i presentasjonen; Esc avslutter."
        )
    )
    edited = presenting.takeaway_fields(views, edited)
    start, download = st.columns([1, 3])
    start.button(
        _("Start presentasjon"),
        type="primary",
        icon=":material/play_arrow:",
        disabled=not views,
        on_click=presenting.start,
        args=(views,),
    )
    download.download_button(
        _("Last ned som PowerPoint"),
        data=keeping_language(lambda: deck(region, views, edited)),
        file_name=f"presentasjon-{region['slug']}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
        on_click="ignore",  # see panels.export_buttons
        disabled=not views,
    )
    with st.expander(_("Lagre presentasjonen (for redaktører)"), icon=":material/save:"):
        presenting.save_form(database, region, views, shown)
    slideshow.keys()
else:
    views = build_views(database, region, filters.year, chosen, *future)
    slideshow.start(slide)
    if slide == 0:
        title, subtitle = title_text(region, views)
        headings = [view.heading or "" for view in views]
        slideshow.title_slide(title, subtitle, headings, any(view.is_example for view in views))
    else:
        view = views[slide - 1]
        slideshow.view_slide(view, edited.get(view.key) or view.headline or "")
    slideshow.navigation(slide, len(views) + 1, presenting.go_to)
