"""Tiltak og resultater: what each municipality tried and what came of it, as cards; editors add and edit."""

import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.rules.formatting import plain_text
from kompetanse.rules.regions import members
from kompetanse.ui import login, sidebar
from kompetanse.ui.state import remember, synced
from kompetanse.views.search import ENTRY_PARAM
from kompetanse.views.tiltak import FIELDS, THEMES, entries, save_entry

database = login.database()
filters = sidebar.current_filters()
region = filters.region
st.title(_("Tiltak og resultater"))
st.markdown(
    _(
        "Prosjekter i {region} og kommunene der, beskrevet som Behov, Mål, Tiltak, Resultat og Forankring.",
        region=region["name"],
    )
)

found_members = members(database, region["region_id"])
names = dict(zip(found_members["kommunenummer"], found_members["name"]))
place, subject, plan, words = st.columns(4)
# "" rather than None for "all": a selectbox shows its placeholder ("Velg") for None.
kommune = (
    place.selectbox(_("Kommune"), ["", *names], format_func=lambda k: names.get(k, _("Hele regionen")))
    or None
)
theme = (
    subject.selectbox(_("Tema"), ["", *THEMES], format_func=lambda t: _(THEMES[t]) if t else _("Alle temaer"))
    or None
)
found = entries(database, None, region["region_id"])
programmes = sorted(set(found["programme"].to_list()))
programme = (
    plan.selectbox(_("Program"), ["", *programmes], format_func=lambda p: p or _("Alle programmer")) or None
)
text = words.text_input(_("Søk i teksten"), max_chars=100)
shown = entries(database, kommune, region["region_id"], theme, programme, text or None)
# ?oppforing=ID (a search hit): that entry only, until "Vis alle" is clicked.
everywhere = entries(database)  # an entry for no region in particular is found too
ids = set(everywhere["entry_id"].to_list())
single = synced(ENTRY_PARAM, page="tiltak", default=None, valid=lambda value: value is None or value in ids)
if single is not None:
    shown = everywhere.filter(everywhere["entry_id"] == single)
    note, show_all = st.columns([4, 1])
    note.info(_("Viser oppføringen fra søket."), icon=":material/search:")
    if show_all.button(_("Vis alle oppføringer")):
        remember("tiltak", ENTRY_PARAM, None)
        del st.query_params[ENTRY_PARAM]
        st.rerun()

if shown.is_empty():
    st.info(_("Ingen oppføringer passer filtrene."))
for entry in shown.iter_rows(named=True):
    with st.container(border=True):
        st.subheader(plain_text(entry["title"]))
        where = entry["municipality_name"] or entry["region_name"] or _("Kommune ikke oppgitt")
        period = "–".join(str(y) for y in (entry["period_start"], entry["period_end"]) if y) or _(
            "periode ikke oppgitt"
        )
        st.caption(
            plain_text(f"{where} · {entry['programme']} · {period} · ")
            + plain_text(", ".join(_(THEMES[t]) for t in entry["themes"]))
        )
        for field, label in FIELDS.items():
            st.markdown(f"**{_(label)}**")
            st.markdown(plain_text(entry[field]))  # as typed: no links, no remote images, no HTML
        st.caption(_("Kilde: {source}", source=plain_text(entry["source"])))

with st.expander(_("Ny eller endret oppføring (for redaktører)")):
    user = login.writer(N_("legge inn eller endre oppføringer"))
    if user is not None:
        places = login.writable(user, {None: _("Hele {region}", region=region["name"]), **names})
        existing = {
            row["entry_id"]: row for row in found.iter_rows(named=True) if row["kommunenummer"] in places
        }
        if not places:
            st.info(_("Du er ikke redaktør for noen kommune i {region}.", region=region["name"]))
            st.stop()
        chosen = (
            st.selectbox(
                _("Oppføring"),
                ["", *existing],
                format_func=lambda e: existing[e]["title"] if e else _("Ny oppføring"),
            )
            or None
        )
        old = existing.get(chosen, {})
        start = list(places).index(old.get("kommunenummer")) if old.get("kommunenummer") in places else 0
        with st.form(f"oppforing-{chosen or 'ny'}"):
            title = st.text_input(_("Tittel"), value=old.get("title", ""), max_chars=300)
            municipality = (
                st.selectbox(
                    _("Gjelder"),
                    [place or "" for place in places],
                    index=start,
                    format_func=lambda place: places.get(place or None),
                )
                or None
            )
            programme_name = st.text_input(
                _("Program eller satsing"), value=old.get("programme", _("Egen satsing"))
            )
            themes = st.multiselect(
                _("Tema"), list(THEMES), default=old.get("themes") or [], format_func=lambda t: _(THEMES[t])
            )
            first_year = old.get("period_start")
            start_year = st.number_input(
                _("Startår"), min_value=1990, max_value=2100, value=first_year, step=1
            )
            texts = {
                field: st.text_area(_(label), value=old.get(field, ""), max_chars=5000)
                for field, label in FIELDS.items()
            }
            source = st.text_input(_("Kilde"), value=old.get("source", ""), max_chars=300)
            if st.form_submit_button(_("Lagre oppføringen")):
                entry = {
                    "entry_id": chosen,
                    "revision": old.get("revision") or 0 if chosen else None,  # refused if changed since
                    "title": title,
                    "kommunenummer": municipality,
                    "region_id": None if municipality else region["region_id"],
                    "programme": programme_name,
                    "themes": themes,
                    "period_start": start_year,
                    "period_end": old.get("period_end"),
                    "measures_start": old.get("measures_start") or start_year,
                    "source": source,
                    **texts,
                }
                try:
                    save_entry(database, entry, user=user)
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success(_("Oppføringen er lagret."))
