"""The region's targets on a page: progress bars, and the form an editor sets or removes them with."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from kompetanse.errors import KompetanseError
from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import catalogue
from kompetanse.ui import login
from kompetanse.views.targets import Target, remove_target, set_target, target_progress


def target_section(database, region: dict, year: int | None, default_indicator: str | None = None) -> None:
    """'Mål for regionen': one progress bar per target, then (for editors) the form for any indicator."""
    st.header(_("Mål for regionen"), divider="gray")
    progress = target_progress(database, region, year)
    for target in progress:
        st.progress(min(1.0, max(0.0, (target.share or 0) / 100)), text=target.text)
    if not progress:
        st.info(_("Ingen mål er satt for denne regionen ennå."))
    with st.expander(_("Sett, endre eller fjern mål (for redaktører)")):
        user = login.writer(N_("sette mål for regionen"))
        if user is None:
            return
        by_id = {row["indicator_id"]: row for row in catalogue(database).iter_rows(named=True)}
        options = list(by_id)
        start = options.index(default_indicator) if default_indicator in by_id else 0
        with st.form(f"target-{region['region_id']}"):
            indicator_id = st.selectbox(
                _("Indikator"),
                options,
                index=start,
                format_func=lambda i: f"{by_id[i]['name']} ({by_id[i]['theme_name']}, {_(by_id[i]['unit'])})",
            )
            value = st.number_input(
                _("Mål"),
                min_value=0.0,
                value=100.0,
                step=1.0,
                help=_("For andeler i prosent: 50 betyr 50 %."),
            )
            target_year = st.number_input(
                _("Innen år"), min_value=2000, max_value=2100, value=datetime.now().year + 1, step=1
            )
            note = st.text_input(_("Merknad (valgfritt)"), max_chars=500)
            save, remove = st.columns(2)
            saved = save.form_submit_button(_("Lagre mål"))
            removed = remove.form_submit_button(_("Fjern målet for indikatoren"))
        try:
            if saved:
                set_target(
                    database, Target(region["region_id"], indicator_id, value, int(target_year), note), user
                )
            elif removed:
                remove_target(database, region["region_id"], indicator_id, user)
        except KompetanseError as error:
            st.error(str(error))
        else:
            if saved or removed:
                st.success(_("Målet er lagret.") if saved else _("Målet er fjernet."))
                st.rerun()
