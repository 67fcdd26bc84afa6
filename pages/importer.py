"""Importer data: upload a file, see every problem or a preview of the changes, confirm; the log and undo."""

import hashlib
from datetime import datetime

import polars as pl
import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _, active_language, keeping_language
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

TEMPLATE_THEMES = {
    "kompetanse": N_("Kompetansegap"),
    "lederutvikling": N_("Lederutvikling"),
    "rekruttering": N_("Rekruttering"),
}
theme_name = lambda theme: _(TEMPLATE_THEMES[theme])

st.title(_("Importer data"))
st.markdown(
    _(
        "Last opp tall som CSV eller Excel: enten langt format (kolonnene **kommunenummer, år, indikator, "
        "verdi**, og gjerne **teller, nevner, kilde**) eller en utfylt mal fra denne siden. Semikolon, "
        "desimalkomma, prosenttegn, tittelrader og gamle kommunenummer går fint. Filen kontrolleres først; "
        "ingenting lagres før du har sett hva som endres og bekreftet."
    )
)
database = login.database()
filters = sidebar.current_filters()
user = login.writer(N_("importere data"))
if user is None:
    st.stop()

with st.expander(_("Last ned en mal å fylle ut")):
    theme_id = st.selectbox(_("Tema"), list(TEMPLATE_THEMES), format_func=theme_name)
    template_year = filters.year or datetime.now().year - 1
    st.download_button(
        _(
            "Last ned mal for {theme} ({region}, {year})",
            theme=theme_name(theme_id).lower(),
            region=filters.region["name"],
            year=template_year,
        ),
        data=keeping_language(
            lambda: theme_template(database, filters.region, theme_id, theme_name(theme_id), template_year)
        ),
        file_name=f"mal-{theme_id}-{filters.region['slug']}-{template_year}.xlsx",
        mime=panels.XLSX,
        on_click="ignore",  # see ui/panels.py: a rerun with the click can lose the file
    )
    st.download_button(
        _(
            "Last ned mal for en 10-FAKTOR-runde ({region}, {year})",
            region=filters.region["name"],
            year=template_year,
        ),
        data=keeping_language(lambda: survey_template(database, filters.region, template_year)),
        file_name=f"mal-10-faktor-{filters.region['slug']}-{template_year}.xlsx",
        mime=panels.XLSX,
        help=_("Én rad per kommune og faktor med skår og antall svar; legg til rader per tjenesteområde."),
        on_click="ignore",  # see ui/panels.py: a rerun with the click can lose the file
    )

upload = st.file_uploader(
    _("Velg fil"),
    type=["csv", "txt", "xlsx"],
    max_upload_size=MAX_UPLOAD_MB,
    help=_("Største filstørrelse: {size} MB.", size=MAX_UPLOAD_MB),
)
if upload is not None:
    raw = upload.getvalue()
    # a new version of the database (another user's write) makes a new preview, and so does the other
    # målform (the preview's notices and warnings are written in the language of the run)
    shares = st.session_state.get("import_shares")  # the answer to the preview's question, if asked
    digest = hashlib.sha256(raw).hexdigest()
    key = f"{user.username}:{digest}:{database.version_token}:{shares}:{active_language()}"
    try:
        if st.session_state.get("import_plan_key") != key:
            st.session_state.import_plan = plan_import(raw, upload.name, database, user, shares=shares)
            st.session_state.import_plan_key = key
        plan = st.session_state.import_plan
    except ImportRejected as rejected:
        st.error(
            _(
                "Filen ble ikke importert. Fant {count} feil; rett dem og last opp filen igjen.",
                count=len(rejected.problems),
            )
        )
        panels.plain_lines([str(problem) for problem in rejected.problems], key="import-problems")
    else:
        for notice in plan.notices:
            st.info(notice)
        if plan.question:
            st.warning(plan.question)
            st.radio(
                _("Hva betyr verdiene?"),
                list(SHARES_ANSWERS),
                format_func=lambda answer: _(SHARES_ANSWERS[answer]),
                index=None,
                key="import_shares",
            )
            st.stop()
        if plan.warnings:
            st.warning(
                _("Sjekk {count} ting før du importerer:", count=len(plan.warnings)), icon=":material/rule:"
            )
            panels.plain_lines([str(warning) for warning in plan.warnings], key="import-warnings")
        counts = plan.counts()
        new, changed, unchanged = st.columns(3)
        new.metric(_("Nye verdier"), counts["ny"])
        changed.metric(_("Endrede verdier"), counts["endret"])
        unchanged.metric(_("Uendrede verdier"), counts["uendret"])
        if plan.preview.height:
            st.subheader(_("Dette endres"))
            panels.table(preview_table(plan.preview), [_("År"), _("Før"), _("Etter")])
            if plan.preview.height > 1000:
                st.caption(
                    _("Viser de første 1000 av {count} nye og endrede verdier.", count=plan.preview.height)
                )
        pending = counts["ny"] + counts["endret"]
        values = lambda count: count_noun(count, _("verdi"), _("verdier"))
        if pending == 0:
            st.success(_("Databasen har allerede alle disse tallene. Ingenting å importere."))
        else:
            confirmed = not plan.must_confirm or st.checkbox(
                _(
                    "Jeg har sjekket {values} som endrer seg mer enn 50 % fra året før, og tallene stemmer.",
                    values=values(plan.confirm_count),
                )
            )
            if st.button(
                _("Importer {values}", values=values(pending)), type="primary", disabled=not confirmed
            ):
                try:
                    summary = apply_import(database, plan, user=user, confirmed=confirmed)
                except PreviewOutdated as outdated:
                    st.session_state.pop("import_plan_key", None)  # the next run shows the new preview
                    st.warning(str(outdated))
                    st.button(_("Vis den nye forhåndsvisningen"))
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.session_state.pop("import_plan_key", None)
                    st.success(summary.describe(plan.file_name))

st.header(_("Importer som er gjort"), divider="gray")
database = login.database()  # read again: an import on this run has made a new version
log = import_log_table(database)
if log.is_empty():
    st.caption(_("Ingen importer ennå."))
else:
    panels.dataframe(log)
    active = log.filter(pl.col(_("Angret")) == "")
    if not user.is_admin:  # an editor undoes only their own imports
        active = active.filter(pl.col(_("Av")) == user.username)
    active = active[_("Nr.")].to_list()
    if active:
        with st.form("undo"):
            chosen = st.selectbox(
                _("Angre en hel import"), active, format_func=lambda n: _("Import nr. {number}", number=n)
            )
            if st.form_submit_button(_("Angre importen")):
                try:
                    st.success(undo_import(database, chosen, user=user))
                except KompetanseError as error:
                    st.error(str(error))
