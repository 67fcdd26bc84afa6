"""Kompetanseplaner: plans per municipality, service area and unit; coverage and recurring priorities."""

from datetime import date

import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _, translated
from kompetanse.rules.regions import members
from kompetanse.ui import login, panels, sidebar
from kompetanse.ui.state import int_param, synced
from kompetanse.views.kompetanseplaner import plan_years, plans_view
from kompetanse.views.plan_records import WHAT, PlanRecord, delete_plan, plan_to_edit, save_plan
from kompetanse.views.tiltak import entries

PAGE = "kompetanseplaner"
database = login.database()
filters = sidebar.current_filters()
region = filters.region
today = date.today()
st.title(_("Kompetanseplaner: {name}", name=region["name"]))
st.markdown(
    _(
        "Strategien ber om kompetanseplaner på alle nivåer, fra tjenesteområdet (etaten) til den enkelte "
        "medarbeider. Her registrerer kommunene planene sine per tjenesteområde og gjerne per enhet, og "
        "siden viser side om side hvor planene er **oppdatert** (revidert de siste to årene), **utdatert** "
        "eller **mangler**, og hvilke kompetanser planene prioriterer."
    )
)
years = plan_years(database, region["region_id"])
year = synced(
    "planaar",
    page=PAGE,
    default=years[0] if years else None,
    valid=lambda value: value in years if years else value is None,
    parse=int_param,
    dump=lambda value: None if value is None else str(value),
    draw=(lambda key: st.selectbox(_("Status for år"), years, key=key)) if years else None,
)
view = plans_view(database, region, year, today)
if not view.panels:
    st.info(_("Ingen kompetanseplaner er registrert for kommunene i regionen ennå."))
for panel in view.panels:
    panels.panel(panel)

with st.expander(_("Registrer en kompetanseplan (for redaktører)")):
    user = login.writer(WHAT)
    found = members(database, region["region_id"])
    names = login.writable(user, dict(zip(found["kommunenummer"], found["name"]))) if user else {}
    if user is not None and not names:
        st.info(_("Du er ikke redaktør for noen kommune i {name}.", name=region["name"]))
    if names:
        areas = dict(translated(database.query("service_areas"), "name").select("area_id", "name").rows())
        projects = dict(entries(database, None, region["region_id"]).select("entry_id", "title").iter_rows())
        where, what, level, when = st.columns(4)
        kommune = where.selectbox(_("Kommune"), list(names), format_func=names.get)
        area = what.selectbox(_("Tjenesteområde"), list(areas), format_func=lambda key: _(areas[key]))
        unit = " ".join(level.text_input(_("Enhet (tom = hele området)"), max_chars=120).split())
        record_year = int(when.number_input(_("Status for år"), 2000, today.year, today.year, step=1))
        old = plan_to_edit(database, kommune, area, unit, record_year)
        if old and old["year"] != record_year:
            st.caption(
                _(
                    "Fylt ut fra registreringen for {old}; lagre for å registrere {year}.",
                    old=old["year"],
                    year=record_year,
                )
            )
        with st.form(f"plan-{kommune}-{area}-{unit}-{record_year}"):
            has_plan = st.radio(
                _("Har de en kompetanseplan?"),
                [True, False],
                index=0 if old.get("has_plan", True) else 1,
                format_func=lambda yes: _("Ja") if yes else _("Nei"),
            )
            revised = st.date_input(_("Sist revidert"), value=old.get("last_revised"), format="DD.MM.YYYY")
            first, last = st.columns(2)
            period_start = first.number_input(
                _("Periode fra år"), 1990, 2100, value=old.get("period_start"), step=1
            )
            period_end = last.number_input(
                _("Periode til år"), 1990, 2100, value=old.get("period_end"), step=1
            )
            priorities = st.text_area(
                _("Prioriterte kompetanser (én per linje)"),
                value="\n".join(old.get("priorities") or []),
                max_chars=2000,
            )
            chosen = st.multiselect(
                _("Tiltak (fra Tiltak og resultater)"),
                list(projects),
                default=[p for p in old.get("project_ids") or [] if p in projects],
                format_func=projects.get,
            )
            note = st.text_input(_("Merknad (valgfritt)"), value=old.get("note") or "", max_chars=500)
            if st.form_submit_button(_("Lagre kompetanseplanen")):
                with_plan = has_plan
                record = PlanRecord(
                    kommune,
                    record_year,
                    area,
                    unit,
                    with_plan,
                    revised if with_plan else None,
                    int(period_start) if with_plan and period_start else None,
                    int(period_end) if with_plan and period_end else None,
                    tuple(priorities.splitlines()) if with_plan else (),
                    tuple(chosen) if with_plan else (),
                    note,
                )
                try:
                    st.success(save_plan(database, record, user, today))
                except KompetanseError as error:
                    st.error(str(error))
        if old and old["year"] == record_year and st.button(_("Slett denne registreringen")):
            try:
                st.success(delete_plan(database, (kommune, record_year, area, unit), user, today))
            except KompetanseError as error:
                st.error(str(error))
