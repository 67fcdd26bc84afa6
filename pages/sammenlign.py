"""Sammenlign: any 2-8 municipalities, also across regions, on any indicators, with ranks."""

import polars as pl
import streamlit as st

from kompetanse.i18n import _
from kompetanse.indicators.comparison import catalogue
from kompetanse.rules.regions import members, municipality_labels, newest_year
from kompetanse.ui import login, panels, sidebar
from kompetanse.ui.state import list_param, synced
from kompetanse.views.sammenlign import MAX_MUNICIPALITIES, MIN_MUNICIPALITIES, compare_view, trend_view

PAGE = "sammenlign"
database = login.database()
filters = sidebar.current_filters()
st.title(_("Sammenlign kommuner"))
st.markdown(
    _(
        "Velg {low}–{high} kommuner, også fra ulike regioner, og indikatorene du vil se.",
        low=MIN_MUNICIPALITIES,
        high=MAX_MUNICIPALITIES,
    )
)

labels = municipality_labels(database, with_county=True)
in_region = list(filters.kommuner or members(database, filters.region["region_id"])["kommunenummer"])
chosen = synced(
    "utvalg",
    page=PAGE,
    default=in_region[:MAX_MUNICIPALITIES],
    valid=lambda value: isinstance(value, list) and all(code in labels for code in value),
    parse=lambda text: [code for code in list_param(text) if code in labels][:MAX_MUNICIPALITIES] or None,
    dump=lambda value: ",".join(value) or None,
    draw=lambda key: st.multiselect(
        _("Kommuner"),
        options=list(labels),
        key=key,
        format_func=labels.get,
        max_selections=MAX_MUNICIPALITIES,
        placeholder=_("Skriv et kommunenavn"),
    ),
)
rows = catalogue(database)
names = {row["indicator_id"]: f"{row['name']} ({row['theme_name']})" for row in rows.iter_rows(named=True)}
indicators = synced(
    "indikatorer",
    page=PAGE,
    default=rows.filter(pl.col("is_headline"))["indicator_id"].to_list(),
    valid=lambda value: isinstance(value, list) and all(i in names for i in value),
    parse=lambda text: [i for i in list_param(text) if i in names] or None,
    dump=lambda value: ",".join(value) or None,
    draw=lambda key: st.multiselect(_("Indikatorer"), options=list(names), key=key, format_func=names.get),
)
year = filters.year or newest_year(database, tuple(indicators))

if not MIN_MUNICIPALITIES <= len(chosen) <= MAX_MUNICIPALITIES:
    st.warning(_("Velg mellom {low} og {high} kommuner.", low=MIN_MUNICIPALITIES, high=MAX_MUNICIPALITIES))
elif not indicators:
    st.warning(_("Velg minst én indikator."))
else:
    for panel in compare_view(
        database, tuple(chosen), tuple(indicators), year, filters.region, filters.focus
    ):
        panels.panel(panel)
    panels.panel(trend_view(database, tuple(chosen), tuple(indicators), filters.region, filters.focus))
