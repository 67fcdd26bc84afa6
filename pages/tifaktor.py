"""10-FAKTOR: the ten factors of KS' employee survey side by side for the region, and the change since the
last round."""

import streamlit as st

from kompetanse.i18n import _
from kompetanse.indicators.comparison import theme_indicators
from kompetanse.indicators.view import indicator_view
from kompetanse.rules.regions import members
from kompetanse.ui import login, panels, sidebar
from kompetanse.ui.state import synced
from kompetanse.views.tifaktor import THEME, tifaktor_view
from kompetanse.views.tifaktor_omrader import area_view

PAGE = "tifaktor"
database = login.database()
filters = sidebar.current_filters()
region = filters.region
st.title(_("10-FAKTOR: {name}", name=region["name"]))
st.markdown(
    _(
        "KS' medarbeiderundersøkelse 10-FAKTOR måler ti forhold som har betydning for mestring, motivasjon "
        "og ledelse på arbeidsplassen, hver som et gjennomsnitt på en skala fra 1 til 5. Arbeidsgiver- og "
        "kompetansestrategien fra 2018 legger prinsippene i 10-FAKTOR til grunn for kompetanseheving av "
        "ledere; faktorene den legger mest vekt på, er merket ★. Siden viser nyeste runde fram til året i "
        "sidemenyen."
    )
)
profile, views = tifaktor_view(database, region, filters.year, filters.kommuner)
if not views:
    st.info(_("Ingen 10-FAKTOR-resultater er importert for kommunene i regionen ennå."))
    st.page_link(
        "pages/importer.py", label=_("Importer en runde (for redaktører)"), icon=":material/upload_file:"
    )
    st.stop()
for view in views:
    panels.panel(view)

st.header(_("Per tjenesteområde og enhet"), divider="gray")
found = members(database, region["region_id"])
names = dict(zip(found["kommunenummer"], found["name"]))
kommune = synced(
    "kommune",
    page=PAGE,
    default=next(iter(names)),
    valid=lambda value: value in names,
    draw=lambda key: st.selectbox(_("Kommune"), list(names), key=key, format_func=names.get),
)
areas = area_view(database, kommune, profile.year)
if areas is None:
    st.caption(
        _("Ingen resultater per tjenesteområde for {name} i {year}.", name=names[kommune], year=profile.year)
    )
else:
    panels.panel(areas)

st.header(_("Hver faktor over tid"), divider="gray")
options = theme_indicators(database, THEME)
chosen = synced(
    "indikator",
    page=PAGE,
    default=next(iter(options)),
    valid=lambda value: value in options,
    draw=lambda key: st.pills(
        _("Velg faktor"), options=list(options), key=key, format_func=options.get, selection_mode="single"
    ),
)
panels.panel(indicator_view(database, region, chosen, profile.year, filters.kommuner, filters.show_measures))
st.page_link(
    "pages/importer.py", label=_("Importer en ny runde (for redaktører)"), icon=":material/upload_file:"
)
