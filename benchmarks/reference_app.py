"""The reference for benchmarks/bench_cpu.py: what Oversikt draws, from precomputed data, and nothing else.

It sends the same messages as the project's Oversikt for the default region (bench_cpu.py compares
one run of each, element by element, ids aside, and prints any difference): the page config, the
navigation with its titles and icons, the målform switch, our CSS and translating script, the search
field and the sidebar filters with their help texts and widget keys, the login form, title, key
figures, the meeting-pack button, the panels with the same Vega-Lite dicts, tables and column
settings and five download buttons each, and the targets section. It has no database, no login
lookup, no cache keys, no view code and no URL state: the data is read once per process from the
file bench_cpu.py wrote (REFERENCE_DATA), and every label is given as the text it shows (no
format_func). Its CPU per run is what Streamlit itself costs for this page; the project's Oversikt
divided by it is the project's overhead.
"""

import os
import pickle

import streamlit as st

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_resource
def data() -> dict:
    with open(os.environ["REFERENCE_DATA"], "rb") as handle:
        return pickle.load(handle)


def export_buttons(key: str, texts: dict, series: bool) -> None:
    row = st.container(horizontal=True, gap="small")
    buttons = [
        ("PNG", "png", "image/png", ":material/image:", None),
        ("SVG", "svg", "image/svg+xml", ":material/draw:", None),
        ("Excel", "xlsx", XLSX, ":material/table:", None),
    ]
    if series:
        buttons += [
            ("Tidsserie (Excel)", "series-xlsx", XLSX, ":material/timeline:", texts["series_xlsx"]),
            ("Tidsserie (CSV)", "series-csv", "text/csv", ":material/csv:", texts["series_csv"]),
        ]
    for label, name, mime, icon, help_text in buttons:
        row.download_button(
            label,
            data=lambda: b"",
            file_name=f"x.{name}",
            mime=mime,
            key=f"{name}-{key}",
            on_click="ignore",
            icon=icon,
            help=help_text,
        )


def oversikt() -> None:
    view = data()
    texts = view["texts"]
    st.title(view["title"])
    st.markdown(view["intro"])
    for column, (label, value, help_text) in zip(st.columns(len(view["key_figures"])), view["key_figures"]):
        column.metric(label, value, help=help_text)
    st.download_button(
        "Last ned møtepakke (PowerPoint)",
        data=lambda: b"",
        file_name="x.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
        type="primary",
        on_click="ignore",
    )
    for panel in view["panels"]:
        st.header(panel["heading"], divider="gray")
        if panel["is_example"]:
            st.badge(texts["example"], icon=":material/science:", color="orange", help=texts["example_help"])
        if panel["headline"]:
            st.markdown(f"**{panel['headline']}**")
        with st.container(key=f"beside-{panel['key']}"):
            left, right = st.columns([3, 2], gap="large")
            left.vega_lite_chart(panel["spec"], width="stretch")
            config = {column: st.column_config.TextColumn(alignment="right") for column in panel["numeric"]}
            config[panel["table"].column_names[0]] = st.column_config.TextColumn(width="medium")
            config["Verdi"] = st.column_config.TextColumn(alignment="right", help=texts["symbols"])
            right.dataframe(panel["table"], hide_index=True, width="stretch", column_config=config)
        st.caption(panel["footnote"])
        export_buttons(panel["key"], texts, panel["series"])
    st.header("Mål for regionen", divider="gray")
    st.info("Ingen mål er satt for denne regionen ennå.")
    with st.expander("Sett, endre eller fjern mål (for redaktører)"):
        st.info("Logg inn (nederst i sidemenyen) for å sette mål for regionen.", icon=":material/lock:")


def other() -> None:
    st.title("Annen side")


view = data()
st.set_page_config(page_title="Kompetanse og rekruttering", page_icon=":material/groups:", layout="wide")
st.sidebar.radio("Målform", ["Bokmål", "Nynorsk"], key="sidebar:maal:widget", horizontal=True)
st.html(view["css"])
st.sidebar.html(view["script"], unsafe_allow_javascript=True)
pages = [
    st.Page(oversikt if number == 0 else other, title=title, icon=icon, url_path=path, default=number == 0)
    for number, (title, icon, path) in enumerate(view["pages"])
]
navigation = st.navigation(pages)
st.set_page_config(page_title=f"{navigation.title} – Kompetanse og rekruttering")
st.sidebar.text_input("Søk", key="sok", placeholder="Kommune, region, indikator …", max_chars=100)
st.sidebar.selectbox("Region eller nettverk", view["regions"], key="sidebar:region:widget")
st.sidebar.selectbox("År", view["years"], key="sidebar:aar:widget", help="Standard er nyeste år med tall.")
st.sidebar.multiselect(
    "Kommuner", view["kommuner"], key="sidebar:kommuner:widget", placeholder="Alle kommunene"
)
st.sidebar.selectbox(
    "Min kommune",
    ["Ingen (alle i samme farge)", *view["kommuner"]],
    key="sidebar:fremhev:widget",
    help="Kommunen vises i farge og de andre i grått i alle søylediagrammer og utviklingskurver.",
)
st.sidebar.selectbox(
    "Endring siden",
    view["since_years"],
    key="sidebar:siden:widget",
    help="Tabellene viser endringen fra dette året til året du har valgt (standard: første år).",
)
st.sidebar.toggle(
    "Vis tiltak i utviklingen", key="sidebar:tiltak:widget", help="Prosjekttiltak med startår som markører."
)
with st.sidebar:
    st.divider()
    with st.expander("Logg inn", icon=":material/login:"):
        if view["no_users"]:
            st.caption(view["texts"]["no_users"])
        with st.form("login"):
            st.text_input("Brukernavn", max_chars=64)
            st.text_input("Passord", type="password", max_chars=256)
            st.form_submit_button("Logg inn")
navigation.run()
