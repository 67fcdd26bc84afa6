"""Administrasjon (admins only): the log of every change, users and roles, settings, backups."""

import polars as pl
import streamlit as st

from kompetanse.access.audit import audit_table
from kompetanse.access.roles import ROLES
from kompetanse.access.settings import LABELS, change_settings, read_settings
from kompetanse.access.users import plan_user, save_user, set_user_active, users
from kompetanse.errors import KompetanseError
from kompetanse.i18n import LANGUAGE_NAMES, N_, _
from kompetanse.rules.regions import all_regions, municipalities
from kompetanse.sources import runs
from kompetanse.sources.fetching import SOURCE_NAMES, chosen_sources
from kompetanse.store.backups import backups
from kompetanse.ui import login, panels
from kompetanse.views.oppdatering import (
    describe_plan,
    fetches_table,
    preview_table,
    progress_text,
    source_runs,
    updates_table,
)

st.title(_("Administrasjon"))
database = login.database()
user = login.admin(N_("administrere brukere, innstillinger og se endringsloggen"))
if user is None:
    st.stop()

log_tab, users_tab, settings_tab, backups_tab, official_tab = st.tabs(
    [_("Endringslogg"), _("Brukere"), _("Innstillinger"), _("Sikkerhetskopier"), _("Offisielle tall")]
)
role_names = {role: _(name) for role, name in ROLES.items()}

with log_tab:
    st.markdown(_("Hver endring i databasen, med hvem som gjorde den og når. Nyeste først."))
    log = audit_table(database)
    panels.dataframe(log)
    panels.export_buttons("endringslogg", _("Endringslogg"), None, log, _("Endringslogg fra kompetanse."))

with users_tab:
    found = users(database)
    everyone = municipalities(database)
    names = dict(zip(everyone["kommunenummer"], everyone["name"]))
    regions = all_regions(database)
    region_names = dict(zip(regions["region_id"], regions["name"]))
    panels.dataframe(
        found.select(
            **{
                _("Brukernavn"): "username",
                _("Navn"): "display_name",
                _("Rolle"): pl.col("role").replace_strict(role_names),
                _("Kommuner"): pl.col("kommuner").list.eval(pl.element().replace(names)).list.join(", "),
                _("Regioner"): pl.col("regions")
                .list.eval(pl.element().replace(region_names))
                .list.join(", "),
                _("Innlogging"): pl.when(pl.col("password_hash").is_not_null())
                .then(pl.lit(_("passord")))
                .otherwise(pl.lit("OIDC")),
                _("Epost"): pl.col("email").fill_null(""),
                _("Aktiv"): pl.col("active"),
            }
        )
    )
    with st.form("ny_bruker"):
        st.subheader(_("Legg til eller endre en bruker"))
        username = st.text_input(_("Brukernavn"), max_chars=64)
        display_name = st.text_input(_("Navn som vises"), max_chars=100)
        role = st.selectbox(_("Rolle"), list(ROLES), format_func=role_names.get)
        kommuner = st.multiselect(
            _("Kommuner (for redaktører)"), list(names), format_func=names.get, placeholder=_("Velg kommuner")
        )
        chosen_regions = st.multiselect(
            _("Regioner (for redaktører)"),
            list(region_names),
            format_func=region_names.get,
            placeholder=_("Velg regioner eller nettverk"),
        )
        email = st.text_input(_("E-post for innlogging med OIDC (valgfritt)"), max_chars=200)
        password = st.text_input(_("Passord (minst 10 tegn; tomt beholder det gamle)"), type="password")
        if st.form_submit_button(_("Lagre brukeren")):
            try:
                row = plan_user(
                    database,
                    username,
                    role,
                    display_name=display_name or None,
                    kommuner=kommuner,
                    regions=chosen_regions,
                    email=email or None,
                )
                save_user(database, row, password or None, user)
            except KompetanseError as error:
                st.error(str(error))
            else:
                st.success(_("Brukeren {name} er lagret.", name=row["username"]))
    if found.height:
        with st.form("aktiv"):
            who = st.selectbox(_("Bruker"), found["username"].to_list())
            active = st.radio(
                _("Tilgang"),
                [True, False],
                format_func=lambda on: _("Aktiv") if on else _("Deaktivert"),
                horizontal=True,
            )
            if st.form_submit_button(_("Lagre tilgang")):
                try:
                    set_user_active(database, who, active, user)
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success(
                        _("{name} er aktivert.", name=who) if active else _("{name} er deaktivert.", name=who)
                    )

with settings_tab:
    current = read_settings(database)
    with st.form("innstillinger"):
        label = lambda key: _(LABELS[key])
        view_login = st.toggle(label("view_requires_login"), value=current.view_requires_login)
        min_persons = st.number_input(label("min_persons"), 1, 100, current.min_persons)
        min_denominator = st.number_input(label("min_denominator"), 1, 1000, current.min_denominator)
        backups_kept = st.number_input(label("backups_kept"), 1, 1000, current.backups_kept)
        min_respondents = st.number_input(
            label("tifaktor_min_respondents"), 1, 100, current.tifaktor_min_respondents
        )
        default_language = st.selectbox(
            label("default_language"),
            options=list(LANGUAGE_NAMES),
            index=list(LANGUAGE_NAMES).index(current.default_language),
            format_func=LANGUAGE_NAMES.get,
            help=_("Språket appen viser når lenken ikke sier noe og kommunen ikke har valgt målform."),
        )
        if st.form_submit_button(_("Lagre innstillingene")):
            wanted = {
                "view_requires_login": view_login,
                "min_persons": min_persons,
                "min_denominator": min_denominator,
                "backups_kept": backups_kept,
                "tifaktor_min_respondents": min_respondents,
                "default_language": default_language,
            }
            changed = {key: value for key, value in wanted.items() if value != getattr(current, key)}
            try:
                if changed:
                    change_settings(database, changed, user)
            except KompetanseError as error:
                st.error(str(error))
            else:
                st.success(_("Innstillingene er lagret."))

with backups_tab:
    st.markdown(
        _(
            "Før hver import, angring og gjenoppretting tas en sikkerhetskopi av databasen. Gjenopprett med "
            "`.venv/bin/kompetanse restore` (den nyeste) eller `.venv/bin/kompetanse restore NR`."
        )
    )
    found_backups = backups(database.path)
    if not found_backups:
        st.caption(_("Ingen sikkerhetskopier ennå."))
    for number, backup in enumerate(found_backups, start=1):
        st.text(backup.describe(number))

with official_tab:
    st.markdown(
        _(
            "Henter offisielle tall fra SSB (tabell 12562, 14534, 07459 og 14746), SSB KLASS "
            "(KOSTRA-grupper) og Udir Barnehagefakta. Først vises hva som ville bli endret; ingenting "
            "skrives før du bekrefter. "
            "Offisielle tall erstatter eksempeldata for samme indikator; tall en kommune har importert selv, "
            "beholdes. Databasen tas vare på som sikkerhetskopi før tallene skrives."
        )
    )
    st.dataframe(source_runs(database), hide_index=True, width="stretch")
    with st.form("hent_offisielle"):
        kilde = st.selectbox(
            _("Kilde"),
            ["alle", *SOURCE_NAMES],
            format_func=lambda key: _("Alle kildene") if key == "alle" else SOURCE_NAMES[key],
        )
        from_year = st.number_input(
            _("SSB-tall fra og med år (tomt: alle år)"), 1986, 2100, value=None, step=1
        )
        fetch = st.form_submit_button(_("Hent offisielle tall"), icon=":material/cloud_download:")
    if fetch:
        bar = st.progress(0.0, text=_("Henter …"))
        show = lambda step: bar.progress(
            (step.index - (0 if step.done else 1)) / step.tables, progress_text(step)
        )
        try:
            plan = runs.prepare(database, user, chosen_sources(kilde), from_year and int(from_year), show)
            if plan.is_empty:
                st.session_state.pop("offisiell_plan", None)
                st.info(runs.finish(database, plan, user))
            else:
                st.session_state["offisiell_plan"] = plan
        except KompetanseError as error:
            st.session_state.pop("offisiell_plan", None)
            st.error(str(error))
    plan = st.session_state.get("offisiell_plan")
    if plan is not None:
        st.subheader(_("Dette ville bli endret"))
        st.text(describe_plan(plan))
        st.dataframe(preview_table(plan), hide_index=True, width="stretch")
        if st.button(_("Skriv inn de offisielle tallene"), type="primary", icon=":material/save:"):
            try:
                message = runs.finish(database, plan, user)
            except KompetanseError as error:
                st.error(str(error))
            else:
                st.session_state.pop("offisiell_plan", None)
                st.success(message)
    with st.expander(_("Oppdateringer og hvert svar fra kildene")):
        st.dataframe(updates_table(database), hide_index=True, width="stretch")
        st.dataframe(fetches_table(database), hide_index=True, width="stretch")
