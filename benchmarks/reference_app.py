"""The reference for benchmarks/bench_cpu.py: what Oversikt draws, from precomputed data, and nothing else.

The same widgets (navigation, sidebar filters and login form, title, key figures, download buttons,
panels with the same Vega-Lite dicts and the same tables with the same column settings), but no
database, no login lookup, no cache keys, no view code: the data is read once per process from the
file that bench_cpu.py wrote (REFERENCE_DATA). Its CPU per run is what Streamlit itself costs for
this page; the project's Oversikt divided by it is the project's overhead.
"""

import os
import pickle

import streamlit as st


@st.cache_resource
def data() -> dict:
    with open(os.environ["REFERENCE_DATA"], "rb") as handle:
        return pickle.load(handle)


def export_buttons(key: str, chart: bool, table: bool) -> None:
    columns = st.columns([1, 1, 1, 5])
    if chart:
        columns[0].download_button("PNG", data=lambda: b"", file_name="x.png", key=f"png-{key}")
        columns[1].download_button("SVG", data=lambda: b"", file_name="x.svg", key=f"svg-{key}")
    if table:
        columns[2].download_button("Excel", data=lambda: b"", file_name="x.xlsx", key=f"xlsx-{key}")


def oversikt() -> None:
    view = data()
    st.title(view["title"])
    st.markdown(view["intro"])
    for column, (label, value, help_text) in zip(st.columns(len(view["key_figures"])), view["key_figures"]):
        column.metric(label, value, help=help_text)
    st.download_button(
        "Last ned møtepakke (PowerPoint)", data=lambda: b"", file_name="x.pptx", type="primary"
    )
    for panel in view["panels"]:
        st.header(panel["heading"], divider="gray")
        if panel["is_example"]:
            st.badge("Eksempeldata", icon=":material/science:", color="orange")
        left, right = st.columns([3, 2], gap="large")
        left.vega_lite_chart(panel["spec"], width="stretch")
        config = {column: st.column_config.TextColumn(alignment="right") for column in panel["numeric"]}
        config[panel["table"].column_names[0]] = st.column_config.TextColumn(width="medium")
        config["Verdi"] = st.column_config.TextColumn(alignment="right", help="«..» = mangler tall.")
        right.dataframe(panel["table"], hide_index=True, width="stretch", column_config=config)
        st.caption(panel["footnote"])
        export_buttons(panel["key"], True, True)


def other() -> None:
    st.title("Annen side")


view = data()
pages = [st.Page(oversikt, title="Oversikt", default=True)] + [
    st.Page(other, title=title, url_path=f"side{number}") for number, title in enumerate(view["pages"])
]
navigation = st.navigation(pages)
st.sidebar.text_input("Søk", key="sok")
st.sidebar.selectbox("Region eller nettverk", view["regions"], key="region")
st.sidebar.selectbox("År", view["years"], key="aar")
st.sidebar.multiselect("Kommuner", view["kommuner"], key="kommuner", placeholder="Alle kommunene")
st.sidebar.toggle("Vis tiltak i utviklingen", key="tiltak")
with st.sidebar:
    st.divider()
    with st.expander("Logg inn", icon=":material/login:"):
        with st.form("login"):
            st.text_input("Brukernavn")
            st.text_input("Passord", type="password")
            st.form_submit_button("Logg inn")
navigation.run()
