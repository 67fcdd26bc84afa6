"""Kommuneprofil: one municipality on one page and one link (?kommune=1868)."""

from datetime import date

import streamlit as st

from kompetanse.i18n import _
from kompetanse.rules.formatting import plain_text
from kompetanse.rules.regions import members, municipality_labels
from kompetanse.ui import login, panels, sidebar
from kompetanse.ui.state import synced
from kompetanse.views.kommuneprofil import municipality_profile
from kompetanse.views.kompetanseplaner import municipality_plans
from kompetanse.views.tifaktor_kommune import municipality_factors
from kompetanse.views.tiltak import FIELDS

database = login.database()
filters = sidebar.current_filters()
labels = municipality_labels(database)
kommunenummer = synced(
    "kommune",
    page="kommuneprofil",
    default=members(database, filters.region["region_id"])["kommunenummer"][0],
    valid=lambda value: value in labels,
    draw=lambda key: st.selectbox(_("Kommune"), list(labels), key=key, format_func=labels.get),
)
profile = municipality_profile(database, kommunenummer)

st.title(_("Kommuneprofil: {name}", name=profile.name))
st.markdown(
    _(
        "**{official_name}**, {county}. Kommunenummer {number}. Med i: {memberships}.",
        official_name=profile.official_name,
        county=profile.county.split(" - ")[0],
        number=profile.kommunenummer,
        memberships=", ".join(profile.memberships),
    )
)
if profile.is_example:
    panels.example_badge()
column_config = {
    _("Utvikling"): st.column_config.LineChartColumn(_("Utvikling"), width="small"),
    _("Verdi"): st.column_config.TextColumn(alignment="right", help=_(panels.SYMBOLS_HELP)),
    _("Regionen"): st.column_config.TextColumn(
        alignment="right", help=_("{region} (SSB-region)", region=profile.region["name"])
    ),
    _("Landet"): st.column_config.TextColumn(alignment="right"),
    _("KOSTRA-gruppen"): st.column_config.TextColumn(
        alignment="right", help=_("SSBs tall for {group} (kommuner som ligner)", group=profile.kostra_group)
    ),
}
# One table per theme, each as tall as its rows: no scroll box inside the page.
theme_column = _("Tema")
for theme in profile.table[theme_column].unique(maintain_order=True):
    st.subheader(theme)
    rows = profile.table.filter(profile.table[theme_column] == theme).drop(theme_column)
    panels.dataframe(rows, column_config, height="content")
caption = _(
    "Nyeste år med tall for hver indikator. Regionen er {region}; plass 1 er best (der ingen retning "
    "er bedre, størst først). Antall (summer) sammenlignes ikke med regionen. «..» = mangler tall, "
    "«:» = skjult av personvernhensyn.",
    region=profile.region["name"],
)
if profile.kostra_group:
    caption += " " + _("KOSTRA-gruppen er SSBs eget tall for {group}.", group=profile.kostra_group)
st.caption(caption)

if profile.future:
    st.header(_("Framtidig behov"), divider="gray")
    if profile.future_example:
        panels.example_badge()
    st.markdown("\n".join(f"- {line}" for line in profile.future))  # our own text, no user input
    st.page_link(
        "pages/framtidig_behov.py",
        label=_("Se hele framskrivingen for regionen, med forutsetningene"),
        query_params={"region": profile.region["name"]},
        icon=":material/trending_up:",
    )

# 10-FAKTOR and competence plans (issue 18): their own views, drawn as panels.
st.header(_("10-FAKTOR og kompetanseplaner"), divider="gray")
extras = [
    municipality_factors(database, profile.kommunenummer),
    municipality_plans(database, profile.kommunenummer, date.today()),
]
for extra in [extra for extra in extras if extra is not None]:
    panels.panel(extra)
if extras == [None, None]:
    st.caption(_("Ingen 10-FAKTOR-resultater eller kompetanseplaner er registrert for kommunen ennå."))

st.header(_("Tiltak og prosjekter"), divider="gray")
if profile.projects.is_empty():
    st.caption(_("Ingen prosjektoppføringer for kommunen eller regionene den er med i ennå."))
for project in profile.projects.iter_rows(named=True):
    with st.expander(plain_text(project["title"])):
        for field, label in FIELDS.items():
            st.markdown(f"**{_(label)}**")
            st.markdown(plain_text(project[field]))  # as typed: no links, no remote images, no HTML
        st.caption(
            _(
                "{programme}. Kilde: {source}",
                programme=plain_text(project["programme"]),
                source=plain_text(project["source"]),
            )
        )
