"""The one renderer of a Panel (heading, badge, headline, charts, table, footnote, export buttons),
and the small widgets every panel uses."""

from __future__ import annotations

import polars as pl
import streamlit as st

from kompetanse.exports.excel import table_xlsx
from kompetanse.exports.images import chart_png, chart_svg
from kompetanse.exports.series import series_csv, series_xlsx
from kompetanse.i18n import N_, _, keeping_language
from kompetanse.indicators.comparison import theme_indicators
from kompetanse.indicators.panel import Chart, Panel
from kompetanse.indicators.view import indicator_view
from kompetanse.rules.names import slugify
from kompetanse.ui import drawn
from kompetanse.ui.browser import scroll_to
from kompetanse.ui.state import stored, synced
from kompetanse.views.search import INDICATOR_SECTION, SCROLL_PARAM

EXAMPLE_BADGE = N_("Eksempeldata")
EXAMPLE_HELP = N_(
    "Genererte tall som viser hvordan verktøyet virker. De er ikke offisielle tall og skal "
    "ikke brukes som fakta om kommunen."
)
SYMBOLS_HELP = N_("«..» = mangler tall. «:» = skjult av personvernhensyn (grunnen står i kolonnen Merknad).")
SECTION_KEY = "indikatorer"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plain_lines(lines: list[str], key: str, limit: int = 200) -> None:
    """Messages as plain text that wraps (never Markdown or HTML: they quote the user's file)."""
    with st.container(border=True, key=key):
        for line in lines[:limit]:
            st.text(line, width="stretch")
        if len(lines) > limit:
            st.caption(_("… og {count} til.", count=len(lines) - limit))


def example_badge() -> None:
    st.badge(_(EXAMPLE_BADGE), icon=":material/science:", color="orange", help=_(EXAMPLE_HELP))


def dataframe(frame: pl.DataFrame, column_config: dict | None = None, height: int | str = "auto") -> None:
    """A polars frame as an interactive table, handed over as Arrow (ui/drawn.py)."""
    st.dataframe(
        drawn.arrow_table(frame), hide_index=True, width="stretch", height=height, column_config=column_config
    )


def table(frame: pl.DataFrame, numeric_columns) -> None:
    """A display table: numbers right-aligned, the symbols explained on the value column."""
    config = {column: st.column_config.TextColumn(alignment="right") for column in numeric_columns}
    config[frame.columns[0]] = st.column_config.TextColumn(width="medium")
    if "Verdi" in numeric_columns:
        config["Verdi"] = st.column_config.TextColumn(alignment="right", help=_(SYMBOLS_HELP))
    dataframe(frame, config)


def export_buttons(
    key: str, name: str, chart: dict | None, frame, footnote: str, example: bool = False, series=None
) -> None:
    """PNG and SVG of the chart, Excel of the table and the whole time series (Excel and CSV), each
    built only when clicked.

    Every download button uses on_click="ignore". With Streamlit's default ("rerun") a click also
    reruns the page, and the rerun loses the file in one of two ways (streamlit 1.67,
    runtime/media_file_manager.py and app_session.py): the run starts by clearing the session's
    outgoing queue, which drops a file URL that was queued but not yet sent; or the run ends by
    collecting the deferred ids it did not draw again, so a request that arrives late finds
    "Deferred file ... not found". Either way the browser gets nothing and says nothing.
    """
    stem = slugify(name) or "eksport"
    row = st.container(horizontal=True, gap="small")  # each button as wide as its label
    if chart is not None:
        row.download_button(
            "PNG",
            data=keeping_language(lambda: chart_png(chart, footnote, example=example)),
            file_name=f"{stem}.png",
            mime="image/png",
            key=f"png-{key}",
            on_click="ignore",
            icon=":material/image:",
        )
        row.download_button(
            "SVG",
            data=keeping_language(lambda: chart_svg(chart, footnote, example=example)),
            file_name=f"{stem}.svg",
            mime="image/svg+xml",
            key=f"svg-{key}",
            on_click="ignore",
            icon=":material/draw:",
        )
    if frame is not None:
        row.download_button(
            "Excel",
            data=keeping_language(lambda: table_xlsx(frame, name, footnote, example)),
            file_name=f"{stem}.xlsx",
            mime=XLSX,
            key=f"xlsx-{key}",
            on_click="ignore",
            icon=":material/table:",
        )
    if series is not None:
        row.download_button(
            _("Tidsserie (Excel)"),
            data=keeping_language(lambda: series_xlsx(series, _("{name}: tidsserie", name=name), footnote)),
            file_name=f"{stem}-tidsserie.xlsx",
            mime=XLSX,
            key=f"series-xlsx-{key}",
            on_click="ignore",
            icon=":material/timeline:",
            help=_(
                "Alle år for kommunene, regionen og landet: verdi, teller, nevner, kilde og eksempeldata."
            ),
        )
        row.download_button(
            _("Tidsserie (CSV)"),
            data=keeping_language(lambda: series_csv(series)),
            file_name=f"{stem}-tidsserie.csv",
            mime="text/csv",
            key=f"series-csv-{key}",
            on_click="ignore",
            icon=":material/csv:",
            help=_("Samme tall som CSV med semikolon og desimalkomma (åpnes i Excel og Power BI)."),
        )


def _chart(panel: Panel, chart: Chart) -> None:
    st.vega_lite_chart(drawn.chart_spec(chart), width="stretch")
    # The chart's name keeps apart charts of one kind in a panel (Sammenlign's trend per indicator).
    export_buttons(
        f"{chart.kind}-{slugify(chart.name)}-{panel.key}",
        chart.name,
        chart.spec,
        None,
        panel.footnote,
        panel.is_example,
    )


def _table(panel: Panel) -> None:
    table(panel.table, panel.numeric_columns)


def panel(panel: Panel) -> None:
    """Draw one panel: heading, example badge, headline, charts, table, footnote and downloads."""
    if panel.heading:
        st.header(panel.heading, divider="gray")
    if panel.is_example:
        example_badge()
    if panel.headline:
        st.markdown(f"**{panel.headline}**")
    charts = list(panel.charts)
    if panel.layout == "beside" and charts and panel.table is not None:
        # Under NARROW_PX the CSS in ui/browser.py puts the table under the chart.
        with st.container(key=f"beside-{slugify(panel.key)}"):
            left, right = st.columns([3, 2], gap="large")
            left.vega_lite_chart(drawn.chart_spec(charts[0]), width="stretch")
            with right:
                _table(panel)
        st.caption(panel.footnote)
        name = panel.table_name or panel.heading or panel.key
        export_buttons(
            panel.key, name, charts[0].spec, panel.table, panel.footnote, panel.is_example, panel.series
        )
        return
    if len(charts) >= 2 and charts[1].kind == "map":  # bars and map side by side
        left, right = st.columns([3, 2], gap="large")
        with left:
            _chart(panel, charts[0])
        with right:
            _chart(panel, charts[1])
        charts = charts[2:]
    for chart in charts:
        _chart(panel, chart)
    if panel.table is not None:
        _table(panel)
    st.caption(panel.footnote)
    if panel.table is not None or panel.series is not None:
        export_buttons(
            f"table-{panel.key}",
            panel.table_name or panel.heading or panel.key,
            None,
            panel.table,
            panel.footnote,
            panel.is_example,
            panel.series,
        )


def indicator_section(
    database, filters, theme_id: str, page: str, heading: str | None = N_("Indikatorer")
) -> None:
    """Pills with a theme's indicators (kept in the URL as ?indikator=) and the chosen one in detail.

    A programme's count (Deltakere i Rett Kurs!) is not a pill of its own, but a link to it (a search
    hit) opens it. `?til=indikator` (from search) scrolls the page to this section once.
    """
    options = theme_indicators(database, theme_id)
    asked = st.query_params.get("indikator") or stored(page, "indikator")
    programme_counts = theme_indicators(database, theme_id, with_programmes=True)
    if asked in programme_counts and asked not in options:
        options = {**options, asked: programme_counts[asked]}
    with st.container(key=SECTION_KEY):
        if heading:
            st.header(_(heading), divider="gray")
        chosen = synced(
            "indikator",
            page=page,
            default=next(iter(options)),
            valid=lambda value: value in options,
            draw=lambda key: st.pills(
                _("Velg indikator"),
                options=list(options),
                key=key,
                format_func=options.get,
                selection_mode="single",
            ),
        )
        panel(
            indicator_view(
                database,
                filters.region,
                chosen,
                filters.year,
                filters.kommuner,
                filters.show_measures,
                focus=filters.focus,
                since=filters.since,
            )
        )
    if st.query_params.get(SCROLL_PARAM) == INDICATOR_SECTION:
        del st.query_params[SCROLL_PARAM]  # once: the next click stays where the user is
        scroll_to(SECTION_KEY)
