"""Kommuneprofil: one municipality on one page and one link (?kommune=1868)."""

from datetime import date

import streamlit as st

from kompetanse.rules.formatting import plain_text
from kompetanse.rules.regions import members, municipality_labels
from kompetanse.ui import login, panels, sidebar
from kompetanse.ui.state import synced
from kompetanse.views.kommuneprofil import municipality_profile
from kompetanse.views.kompetanseplaner import municipality_plans
from kompetanse.views.tifaktor import municipality_factors

database = login.database()
filters = sidebar.current_filters()
labels = municipality_labels(database)
kommunenummer = synced(
    "kommune",
    page="kommuneprofil",
    default=members(database, filters.region["region_id"])["kommunenummer"][0],
    valid=lambda value: value in labels,
    draw=lambda key: st.selectbox("Kommune", list(labels), key=key, format_func=labels.get),
)
profile = municipality_profile(database, kommunenummer)

st.title(f"Kommuneprofil: {profile.name}")
st.markdown(
    f"**{profile.official_name}**, {profile.county.split(' - ')[0]}. Kommunenummer {profile.kommunenummer}. "
    f"Med i: {', '.join(profile.memberships)}."
)
if profile.is_example:
    panels.example_badge()
column_config = {
    "Utvikling": st.column_config.LineChartColumn("Utvikling", width="small"),
    "Verdi": st.column_config.TextColumn(alignment="right", help=panels.SYMBOLS_HELP),
    "Regionen": st.column_config.TextColumn(alignment="right", help=f"{profile.region['name']} (SSB-region)"),
    "Landet": st.column_config.TextColumn(alignment="right"),
    "KOSTRA-gruppen": st.column_config.TextColumn(
        alignment="right", help=f"SSBs tall for {profile.kostra_group} (kommuner som ligner)"
    ),
}
# One table per theme, each as tall as its rows: no scroll box inside the page.
for theme in profile.table["Tema"].unique(maintain_order=True):
    st.subheader(theme)
    rows = profile.table.filter(profile.table["Tema"] == theme).drop("Tema")
    panels.dataframe(rows, column_config, height="content")
st.caption(
    f"Nyeste år med tall for hver indikator. Regionen er {profile.region['name']}; plass 1 er best "
    "(der ingen retning er bedre, størst først). Antall (summer) sammenlignes ikke med regionen. "
    "«..» = mangler tall, «:» = skjult av personvernhensyn."
    + (f" KOSTRA-gruppen er SSBs eget tall for {profile.kostra_group}." if profile.kostra_group else "")
)

if profile.future:
    st.header("Framtidig behov", divider="gray")
    if profile.future_example:
        panels.example_badge()
    st.markdown("\n".join(f"- {line}" for line in profile.future))  # our own text, no user input
    st.page_link(
        "pages/framtidig_behov.py",
        label="Se hele framskrivingen for regionen, med forutsetningene",
        query_params={"region": profile.region["name"]},
        icon=":material/trending_up:",
    )

# 10-FAKTOR and competence plans (issue 18): their own views, drawn as panels.
st.header("10-FAKTOR og kompetanseplaner", divider="gray")
extras = [
    municipality_factors(database, profile.kommunenummer, profile.region["region_id"]),
    municipality_plans(database, profile.kommunenummer, date.today()),
]
for extra in [extra for extra in extras if extra is not None]:
    panels.panel(extra)
if extras == [None, None]:
    st.caption("Ingen 10-FAKTOR-resultater eller kompetanseplaner er registrert for kommunen ennå.")

st.header("Tiltak og prosjekter", divider="gray")
if profile.projects.is_empty():
    st.caption("Ingen prosjektoppføringer for kommunen eller regionene den er med i ennå.")
for project in profile.projects.iter_rows(named=True):
    with st.expander(plain_text(project["title"])):
        for label, field in (
            ("Behov", "need"),
            ("Mål", "goal"),
            ("Tiltak", "measures"),
            ("Resultat", "result"),
            ("Forankring", "anchoring"),
        ):
            st.markdown(f"**{label}**")
            st.markdown(plain_text(project[field]))  # as typed: no links, no remote images, no HTML
        st.caption(f"{plain_text(project['programme'])}. Kilde: {plain_text(project['source'])}")
