"""Sammenlign with the region's and the country's column and a trend per indicator (issue 15, item 12)."""

import io
import json

import polars as pl
from test_app_pages import NBSP, open_page, rows_of


def trends(at) -> list[tuple[dict, list[dict]]]:
    """(spec, rows) of each trend chart (Streamlit sends a chart's data as Arrow)."""
    found = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if spec.get("title", {}).get("text", "").endswith(": utvikling"):
            found.append((spec, pl.read_ipc_stream(io.BytesIO(chart.proto.data.data)).to_dicts()))
    return found


def test_sammenlign_has_a_column_for_the_region_and_one_for_the_country(app_db):
    at = open_page("sammenlign", utvalg="1866,0301", indikatorer="barnehagelaerer_andel", aar="2024")
    row = rows_of(at, 0, key="Indikator")["Barnehagelærere i grunnbemanningen (prosent)"]
    # Vesterålen 2024: (12+6+30+5+27+10) / (20+15+40+10+45+20) = 90/150 = 60 %.
    assert row["Vesterålen (regionen)"] == f"60,0{NBSP}%"
    assert row["Landet"] == f"60,0{NBSP}% (uten Oslo)"
    assert list(row)[-2:] == ["Vesterålen (regionen)", "Landet"]


def test_sammenlign_draws_a_trend_per_indicator_with_region_and_country_for_rates(app_db):
    at = open_page(
        "sammenlign", utvalg="1866,0301", indikatorer="barnehagelaerer_andel,laerlinger_antall", aar="2024"
    )
    (share, share_rows), (count, _) = trends(at)
    assert share["title"]["text"] == "Barnehagelærere i grunnbemanningen: utvikling"
    assert share["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        "Hadsel",
        "Oslo",
        "Landet uten Oslo",
        "Vesterålen (regionen)",  # the heavy black line, drawn last
    ]
    hadsel = [row for row in share_rows if row["series"] == "Hadsel"]
    assert [(row["year"], row["label"]) for row in hadsel] == [(2024, f"75,0{NBSP}%")]  # 30 of 40
    assert count["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["Hadsel", "Oslo"]


def test_a_hidden_figure_stays_hidden_in_the_sammenlign_trend(app_db):
    at = open_page("sammenlign", utvalg="1867,1866", indikatorer="heltid_andel", aar="2024")
    ((trend, rows),) = trends(at)
    bo = [row for row in rows if row["series"] == "Bø"]
    assert [(row["year"], row["value"], row["label"]) for row in bo] == [(2024, None, ":")]  # 4 of 8
