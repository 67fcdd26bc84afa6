"""Administrasjon (admins only): the log of every change, users and roles, settings, backups."""

import polars as pl
import streamlit as st

from kompetanse.access.audit import audit_table
from kompetanse.access.roles import ROLES
from kompetanse.access.settings import LABELS, change_settings, read_settings
from kompetanse.access.users import plan_user, save_user, set_user_active, users
from kompetanse.errors import KompetanseError
from kompetanse.rules.regions import all_regions, municipalities
from kompetanse.store.backups import backups
from kompetanse.ui import login, panels

st.title("Administrasjon")
database = login.database()
user = login.admin("administrere brukere, innstillinger og se endringsloggen")
if user is None:
    st.stop()

log_tab, users_tab, settings_tab, backups_tab = st.tabs(
    ["Endringslogg", "Brukere", "Innstillinger", "Sikkerhetskopier"]
)

with log_tab:
    st.markdown("Hver endring i databasen, med hvem som gjorde den og når. Nyeste først.")
    log = audit_table(database)
    st.dataframe(log, hide_index=True, width="stretch")
    panels.export_buttons("endringslogg", "Endringslogg", None, log, "Endringslogg fra kompetanse.")

with users_tab:
    found = users(database)
    everyone = municipalities(database)
    names = dict(zip(everyone["kommunenummer"], everyone["name"]))
    regions = all_regions(database)
    region_names = dict(zip(regions["region_id"], regions["name"]))
    st.dataframe(
        found.select(
            Brukernavn="username",
            Navn="display_name",
            Rolle=pl.col("role").replace_strict(ROLES),
            Kommuner=pl.col("kommuner").list.eval(pl.element().replace(names)).list.join(", "),
            Regioner=pl.col("regions").list.eval(pl.element().replace(region_names)).list.join(", "),
            Innlogging=pl.when(pl.col("password_hash").is_not_null())
            .then(pl.lit("passord"))
            .otherwise(pl.lit("OIDC")),
            Epost=pl.col("email").fill_null(""),
            Aktiv=pl.col("active"),
        ),
        hide_index=True,
        width="stretch",
    )
    with st.form("ny_bruker"):
        st.subheader("Legg til eller endre en bruker")
        username = st.text_input("Brukernavn", max_chars=64)
        display_name = st.text_input("Navn som vises", max_chars=100)
        role = st.selectbox("Rolle", list(ROLES), format_func=ROLES.get)
        kommuner = st.multiselect(
            "Kommuner (for redaktører)", list(names), format_func=names.get, placeholder="Velg kommuner"
        )
        chosen_regions = st.multiselect(
            "Regioner (for redaktører)",
            list(region_names),
            format_func=region_names.get,
            placeholder="Velg regioner eller nettverk",
        )
        email = st.text_input("E-post for innlogging med OIDC (valgfritt)", max_chars=200)
        password = st.text_input("Passord (minst 10 tegn; tomt beholder det gamle)", type="password")
        if st.form_submit_button("Lagre brukeren"):
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
                st.success(f"Brukeren {row['username']} er lagret.")
    if found.height:
        with st.form("aktiv"):
            who = st.selectbox("Bruker", found["username"].to_list())
            active = st.radio("Tilgang", ["Aktiv", "Deaktivert"], horizontal=True) == "Aktiv"
            if st.form_submit_button("Lagre tilgang"):
                try:
                    set_user_active(database, who, active, user)
                except KompetanseError as error:
                    st.error(str(error))
                else:
                    st.success(f"{who} er {'aktivert' if active else 'deaktivert'}.")

with settings_tab:
    current = read_settings(database)
    with st.form("innstillinger"):
        view_login = st.toggle(LABELS["view_requires_login"], value=current.view_requires_login)
        min_persons = st.number_input(LABELS["min_persons"], 1, 100, current.min_persons)
        min_denominator = st.number_input(LABELS["min_denominator"], 1, 1000, current.min_denominator)
        backups_kept = st.number_input(LABELS["backups_kept"], 1, 1000, current.backups_kept)
        min_respondents = st.number_input(
            LABELS["tifaktor_min_respondents"], 1, 100, current.tifaktor_min_respondents
        )
        if st.form_submit_button("Lagre innstillingene"):
            wanted = {
                "view_requires_login": view_login,
                "min_persons": min_persons,
                "min_denominator": min_denominator,
                "backups_kept": backups_kept,
                "tifaktor_min_respondents": min_respondents,
            }
            changed = {key: value for key, value in wanted.items() if value != getattr(current, key)}
            try:
                if changed:
                    change_settings(database, changed, user)
            except KompetanseError as error:
                st.error(str(error))
            else:
                st.success("Innstillingene er lagret.")

with backups_tab:
    st.markdown(
        "Før hver import, angring og gjenoppretting tas en sikkerhetskopi av databasen. Gjenopprett med "
        "`python -m kompetanse restore` (den nyeste) eller `python -m kompetanse restore NR`."
    )
    found_backups = backups(database.path)
    if not found_backups:
        st.caption("Ingen sikkerhetskopier ennå.")
    for number, backup in enumerate(found_backups, start=1):
        st.text(backup.describe(number))
