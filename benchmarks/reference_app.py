"""The reference for benchmarks/bench_cpu.py: what Oversikt draws, from precomputed data, and nothing else.

The same widgets (navigation, the målform switch, search and the sidebar filters, the login form, our
CSS and translating script, title, key figures, the five download buttons per panel, panels with the
same Vega-Lite dicts and the same tables with the same column settings, the targets section), but no
database, no login lookup, no cache keys, no view code, no URL state: the data is read once per
process from the file that bench_cpu.py wrote (REFERENCE_DATA). Its CPU per run is what Streamlit
itself costs for this page; the project's Oversikt divided by it is the project's overhead.
"""

import os
import pickle

import streamlit as st


@st.cache_resource
def data() -> dict:
    with open(os.environ["REFERENCE_DATA"], "rb") as handle:
        return pickle.load(handle)


def export_buttons(key: str, chart: bool, table: bool, series: bool) -> None:
    row = st.container(horizontal=True, gap="small")
    buttons = []
    if chart:
        buttons += [("PNG", "png", ":material/image:", None), ("SVG", "svg", ":material/draw:", None)]
    if table:
        buttons.append(("Excel", "xlsx", ":material/table:", None))
    if series:
        buttons.append(("Tidsserie (Excel)", "series-xlsx", ":material/timeline:", "Alle år for kommunene."))
        buttons.append(("Tidsserie (CSV)", "series-csv", ":material/csv:", "Samme tall som CSV."))
    for label, name, icon, help_text in buttons:
        row.download_button(
            label,
            data=lambda: b"",
            file_name=f"x.{name}",
            key=f"{name}-{key}",
            on_click="ignore",
            icon=icon,
            help=help_text,
        )


def oversikt() -> None:
    view = data()
    st.title(view["title"])
    st.markdown(view["intro"])
    for column, (label, value, help_text) in zip(st.columns(len(view["key_figures"])), view["key_figures"]):
        column.metric(label, value, help=help_text)
    st.download_button(
        "Last ned møtepakke (PowerPoint)",
        data=lambda: b"",
        file_name="x.pptx",
        type="primary",
        icon=":material/slideshow:",
        on_click="ignore",
    )
    for panel in view["panels"]:
        st.header(panel["heading"], divider="gray")
        if panel["is_example"]:
            st.badge("Eksempeldata", icon=":material/science:", color="orange", help="Ikke offisielle tall.")
        with st.container(key=f"beside-{panel['key']}"):
            left, right = st.columns([3, 2], gap="large")
            left.vega_lite_chart(panel["spec"], width="stretch")
            config = {column: st.column_config.TextColumn(alignment="right") for column in panel["numeric"]}
            config[panel["table"].column_names[0]] = st.column_config.TextColumn(width="medium")
            config["Verdi"] = st.column_config.TextColumn(alignment="right", help="«..» = mangler tall.")
            right.dataframe(panel["table"], hide_index=True, width="stretch", column_config=config)
        st.caption(panel["footnote"])
        export_buttons(panel["key"], True, True, panel["series"])
    st.header("Mål for regionen", divider="gray")
    st.info("Ingen mål er satt for denne regionen ennå.")
    with st.expander("Sett, endre eller fjern mål (for redaktører)"):
        st.info("Logg inn (nederst i sidemenyen) for å sette mål.", icon=":material/lock:")


def other() -> None:
    st.title("Annen side")


view = data()
st.set_page_config(page_title="Kompetanse og rekruttering", layout="wide")
st.sidebar.radio("Målform", ["nb", "nn"], key="maal", horizontal=True)
st.html(view["css"])
st.sidebar.html(view["script"], unsafe_allow_javascript=True)
pages = [st.Page(oversikt, title="Oversikt", default=True)] + [
    st.Page(other, title=title, url_path=f"side{number}") for number, title in enumerate(view["pages"])
]
navigation = st.navigation(pages)
st.set_page_config(page_title=f"{navigation.title} – Kompetanse og rekruttering")
st.sidebar.text_input("Søk", key="sok", placeholder="Kommune, region, indikator …", max_chars=100)
st.sidebar.selectbox("Region eller nettverk", view["regions"], key="region")
st.sidebar.selectbox("År", view["years"], key="aar")
st.sidebar.multiselect("Kommuner", view["kommuner"], key="kommuner", placeholder="Alle kommunene")
st.sidebar.selectbox("Fremhev kommune", ["Ingen", *view["kommuner"]], key="fremhev")
st.sidebar.selectbox("Endring siden", view["years"], key="siden", help="Endringen fra dette året.")
st.sidebar.toggle("Vis tiltak i utviklingen", key="tiltak")
with st.sidebar:
    st.divider()
    with st.expander("Logg inn", icon=":material/login:"):
        with st.form("login"):
            st.text_input("Brukernavn")
            st.text_input("Passord", type="password")
            st.form_submit_button("Logg inn")
navigation.run()
