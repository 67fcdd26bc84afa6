"""What the pages hand to Streamlit (ui/drawn.py): Arrow copies of tables live as long as their frames,
and a chart's tables go to the browser as the same Arrow bytes Streamlit would make of its rows."""

import gc

import polars as pl
from streamlit.testing.v1 import AppTest

from kompetanse.ui import drawn


def test_an_arrow_copy_is_reused_while_its_frame_lives_and_goes_when_the_frame_goes():
    frame = pl.DataFrame({"Kommune": ["Bø", "Hadsel"], "Verdi": ["1,0", "2,0"]})
    first = drawn.arrow_table(frame)
    assert drawn.arrow_table(frame) is first  # a rerun of a cached view: no new copy
    del frame
    gc.collect()
    other = pl.DataFrame({"Kommune": ["Sortland"]})
    drawn.arrow_table(other)  # the next table drawn tidies up
    assert all(table is not first for _frame, table in drawn.arrow_table.held())
    assert len(drawn.arrow_table) == len(drawn.arrow_table.held())  # only live frames are held


def test_a_chart_sends_the_browser_the_same_spec_and_arrow_bytes_as_its_rows_would_once_per_chart():
    def script():
        import altair as alt
        import polars as pl
        import streamlit as st

        from kompetanse.indicators.panel import Chart
        from kompetanse.ui import drawn

        # Like the heat tables: a chart whose rows Altair puts in the spec's `datasets` (with a gap).
        rows = pl.DataFrame({"Kommune": ["Bø", "Hadsel", "Øksnes"], "Verdi": [1.5, None, 3.25]})
        spec = alt.Chart(rows).mark_rect().encode(alt.X("Verdi:Q"), alt.Y("Kommune:N")).to_dict()
        chart = Chart("heat", spec, "varme")
        st.vega_lite_chart(chart.spec, width="stretch")  # its rows, converted by Streamlit on this run
        st.vega_lite_chart(drawn.chart_spec(chart), width="stretch")
        st.session_state.checks = (
            drawn.chart_spec(chart) is drawn.chart_spec(chart),  # made once
            [type(table).__name__ for table in chart.spec["datasets"].values()],  # the view's untouched
        )

    at = AppTest.from_function(script, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    from_rows, prepared = (chart.proto for chart in at.get("vega_lite_chart"))
    assert prepared.spec == from_rows.spec
    assert len(prepared.datasets) == 1
    assert [(d.name, d.data.data) for d in prepared.datasets] == [
        (d.name, d.data.data) for d in from_rows.datasets
    ]
    once, kinds = at.session_state.checks
    assert once and kinds == ["list"]
