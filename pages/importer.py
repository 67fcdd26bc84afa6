"""Importer data: upload a file, see every problem or a preview of the changes, confirm; the log and undo."""

import hashlib
from datetime import datetime

import polars as pl
import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.ingest.imports import (
    MAX_UPLOAD_MB,
    SHARES_ANSWERS,
    ImportRejected,
    PreviewOutdated,
    apply_import,
    import_log_table,
    plan_import,
    preview_table,
    undo_import,
)
from kompetanse.ingest.templates import theme_template
from kompetanse.ingest.tifaktor import survey_template
from kompetanse.rules.formatting import count_noun
from kompetanse.ui import login, panels, sidebar

TEMPLATE_THEMES = {  # the catalogue's theme names (data/catalogue/temaer.csv), translated where shown
    "kompetanse": N_("Kompetansegap"),
    "lederutvikling": N_("Lederutvikling"),
    "rekruttering": N_("Rekruttering"),
}

st.title("Importer data")
st.markdown(
    "Last opp tall som CSV eller Excel: enten langt format (kolonnene **kommunenummer, år, indikator, "
    "verdi**, og gjerne **teller, nevner, kilde**) eller en utfylt mal fra denne siden. Semikolon, "
    "desimalkomma, prosenttegn, tittelrader og gamle kommunenummer går fint. Filen kontrolleres først; "
    "ingenting lagres før du har sett hva som endres og bekreftet."
)
database = login.database()
filters = sidebar.current_filters()
user = login.writer("importere data")
if user is None:
    st.stop()

with st.expander("Last ned en mal å fylle ut"):
    theme_id = st.selectbox("Tema", list(TEMPLATE_THEMES), format_func=lambda t: _(TEMPLATE_THEMES[t]))
    template_year = filters.year or datetime.now().year - 1
    st.download_button(
        f"Last ned mal for {TEMPLATE_THEMES[theme_id].lower()} ({filters.region['name']}, {template_year})",
        data=lambda: theme_template(
            database, filters.region, theme_id, TEMPLATE_THEMES[theme_id], template_year
        ),
        file_name=f"mal-{theme_id}-{filters.region['slug']}-{template_year}.xlsx",
        mime=panels.XLSX,
        on_click="ignore",  # see ui/panels.py: a rerun with the click can lose the file
    )
    st.download_button(
        f"Last ned mal for en 10-FAKTOR-runde ({filters.region['name']}, {template_year})",
        data=lambda: survey_template(database, filters.region, template_year),
        file_name=f"mal-10-faktor-{filters.region['slug']}-{template_year}.xlsx",
        mime=panels.XLSX,
        help="Én rad per kommune og faktor med skår og antall svar; legg til rader per tjenesteområde.",
        on_click="ignore",  # see ui/panels.py: a rerun with the click can lose the file
    )

upload = st.file_uploader(
    "Velg fil",
    type=["csv", "txt", "xlsx"],
    max_upload_size=MAX_UPLOAD_MB,
    help=f"Største filstørrelse: {MAX_UPLOAD_MB} MB.",
)
if upload is not None:
    raw = upload.getvalue()
    # a new version of the database (another user's write) makes a new preview
    shares = st.session_state.get("import_shares")  # the answer to the preview's question, if asked
    key = f"{user.username}:{hashlib.sha256(raw).hexdigest()}:{database.version_token}:{shares}"
    try:
        if st.session_state.get("import_plan_key") != key:
            st.session_state.import_plan = plan_import(raw, upload.name, database, user, shares=shares)
            st.session_state.import_plan_key = key
        plan = st.session_state.import_plan
    except ImportRejected as rejected:
        st.error(
            f"Filen ble ikke importert. Fant {len(rejected.problems)} feil; rett dem og last opp filen igjen."
        )
        panels.plain_lines([str(problem) for problem in rejected.problems], key="import-problems")
    else:
        for notice in plan.notices:
            st.info(notice)
        if plan.question:
            st.warning(plan.question)
            st.radio(
                "Hva betyr verdiene?",
                list(SHARES_ANSWERS),
                format_func=SHARES_ANSWERS.get,
                index=None,
                key="import_shares",
            )
            st.stop()
        if plan.warnings:
            st.warning(f"Sjekk {len(plan.warnings)} ting før du importerer:", icon=":material/rule:")
            panels.plain_lines([str(warning) for warning in plan.warnings], key="import-warnings")
        counts = plan.counts()
        new, changed, unchanged = st.columns(3)
        new.metric("Nye verdier", counts["ny"])
        changed.metric("Endrede verdier", counts["endret"])
        unchanged.metric("Uendrede verdier", counts["uendret"])
        if plan.preview.height:
            st.subheader("Dette endres")
            panels.table(preview_table(plan.preview), ["År", "Før", "Etter"])
            if plan.preview.height > 1000:
                st.caption(f"Viser de første 1000 av {plan.preview.height} nye og endrede verdier.")
        pending = counts["ny"] + counts["endret"]
        if pending == 0:
            st.success("Databasen har allerede alle disse tallene. Ingenting å importere.")
        else:
            confirmed = not plan.must_confirm or st.checkbox(
                f"Jeg har sjekket {count_noun(plan.confirm_count, 'verdi', 'verdier')} som endrer seg mer "
                "enn 50 % fra året før, og tallene stemmer."
            )
            if st.button(
                f"Importer {count_noun(pending, 'verdi', 'verdier')}", type="primary", disabled=not confirmed
            ):
                try:
                    summary = apply_import(database, plan, user=user, confirmed=confirmed)
                except PreviewOutdated as outdated:
                    st.session_state.pop("import_plan_key", None)  # the next run shows the new preview
                    st.warning(str(outdated))
                    st.button("Vis den nye forhåndsvisningen")
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.session_state.pop("import_plan_key", None)
                    st.success(summary.describe(plan.file_name))

st.header("Importer som er gjort", divider="gray")
database = login.database()  # read again: an import on this run has made a new version
log = import_log_table(database)
if log.is_empty():
    st.caption("Ingen importer ennå.")
else:
    panels.dataframe(log)
    active = log.filter(pl.col("Angret") == "")
    if not user.is_admin:  # an editor undoes only their own imports
        active = active.filter(pl.col("Av") == user.username)
    active = active["Nr."].to_list()
    if active:
        with st.form("undo"):
            chosen = st.selectbox("Angre en hel import", active, format_func=lambda n: f"Import nr. {n}")
            if st.form_submit_button("Angre importen"):
                try:
                    st.success(undo_import(database, chosen, user=user))
                except KompetanseError as error:
                    st.error(str(error))
