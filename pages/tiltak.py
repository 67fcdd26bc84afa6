"""Tiltak og resultater: what each municipality tried and what came of it, as cards; editors add entries."""

import streamlit as st

from kompetanse import ui
from kompetanse.config import database_path
from kompetanse.errors import KompetanseError
from kompetanse.project_entries import FIELDS, THEMES, entries, save_entry

filters = ui.current_filters()
region = filters.region
st.title("Tiltak og resultater")
st.markdown(
    f"Prosjekter i {region['name']} og kommunene der, beskrevet som Behov, Mål, Tiltak, Resultat "
    "og Forankring."
)

left, middle, right = st.columns(3)
theme = left.selectbox(
    "Tema", [None, *THEMES], format_func=lambda t: "Alle temaer" if t is None else THEMES[t]
)
found = ui.cached(entries, None, region["region_id"], theme, None, None)
programmes = sorted(set(found["programme"].to_list()))
programme = middle.selectbox("Program", [None, *programmes], format_func=lambda p: p or "Alle programmer")
text = right.text_input("Søk i teksten", max_chars=100)
shown = ui.cached(entries, None, region["region_id"], theme, programme, text or None)

if shown.is_empty():
    st.info("Ingen oppføringer passer filtrene.")
for entry in shown.iter_rows(named=True):
    with st.container(border=True):
        st.subheader(entry["title"])
        place = entry["municipality_name"] or entry["region_name"] or "Kommune ikke oppgitt"
        period = (
            "–".join(str(y) for y in (entry["period_start"], entry["period_end"]) if y)
            or "periode ikke oppgitt"
        )
        st.caption(
            f"{place} · {entry['programme']} · {period} · {', '.join(THEMES[t] for t in entry['themes'])}"
        )
        for field, label in FIELDS.items():
            st.markdown(f"**{label}**")
            st.markdown(entry[field])  # markdown is allowed; raw HTML is shown as text
        st.caption(f"Kilde: {entry['source']}")

with st.expander("Ny oppføring (for redaktører)"):
    if ui.editor_logged_in():
        members = ui.query("region_municipalities", region_id=region["region_id"])
        places = {None: f"Hele {region['name']}", **dict(zip(members["kommunenummer"], members["name"]))}
        with st.form("ny_oppforing"):
            title = st.text_input("Tittel", max_chars=300)
            where = st.selectbox("Kommune", list(places), format_func=places.get)
            programme_name = st.text_input("Program eller satsing", value="Egen satsing")
            themes = st.multiselect("Tema", list(THEMES), format_func=THEMES.get)
            start_year = st.number_input("Startår", min_value=1990, max_value=2100, value=None, step=1)
            texts = {field: st.text_area(label, max_chars=5000) for field, label in FIELDS.items()}
            source = st.text_input("Kilde", max_chars=300)
            if st.form_submit_button("Lagre oppføringen"):
                entry = {
                    "title": title, "kommunenummer": where,
                    "region_id": None if where else region["region_id"],
                    "programme": programme_name, "themes": themes, "period_start": start_year,
                    "measures_start": start_year, "source": source, **texts,
                }  # fmt: skip
                try:
                    save_entry(database_path(), entry, user=ui.editor_name())
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success("Oppføringen er lagret.")
