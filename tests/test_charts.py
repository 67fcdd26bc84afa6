"""Chart builders, checked through their Vega-Lite spec."""

import sys

import polars as pl

from kompetanse.charts.bars import comparison_chart, gap_chart, programme_chart, small_multiples_chart
from kompetanse.charts.style import BAR_COLOUR, NATION_COLOUR, REGION_COLOUR
from kompetanse.charts.trends import trend_chart

FRAME = pl.DataFrame(
    {
        "name": ["Bø", "Hadsel", "Andøy"],
        "value": [40.0, 75.0, None],
        "label": ["40,0 %", "75,0 %", ":"],
        "note": [None, None, "Skjult for å hindre at små tall kan kjennes igjen."],
    }
)


def spec(**overrides):
    arguments = dict(
        title="Barnehagelærere, 2024",
        unit="prosent",
        order=["Hadsel", "Bø", "Andøy"],
        references=[("Vesterålen", 60.0), ("Landet", 54.3)],
        example=False,
    )
    arguments.update(overrides)
    return comparison_chart(FRAME, **arguments).to_dict()


def test_chart_uses_the_norwegian_number_locale():
    locale = spec()["config"]["locale"]
    assert locale["number"]["decimal"] == ","
    assert locale["number"]["thousands"] == "\u00a0"
    assert "januar" in locale["time"]["months"]


def test_bars_follow_the_given_order():
    bars = spec()["layer"][0]
    assert bars["encoding"]["y"]["sort"] == ["Hadsel", "Bø", "Andøy"]
    assert bars["mark"]["color"] == BAR_COLOUR


def rules(chart_spec):
    return [layer for layer in chart_spec["layer"] if layer["mark"]["type"] == "rule"]


def test_region_and_national_values_are_drawn_as_rules_named_in_the_legend():
    [rule] = rules(spec())
    assert rule["data"]["values"] == [
        {"label": "Vesterålen", "value": 60.0},
        {"label": "Landet", "value": 54.3},
    ]
    colour = rule["encoding"]["color"]
    assert colour["scale"] == {"domain": ["Vesterålen", "Landet"], "range": [REGION_COLOUR, NATION_COLOUR]}
    assert colour["legend"]["orient"] == "top"


def test_a_missing_reference_value_is_left_out_and_keeps_the_national_style():
    [rule] = rules(spec(references=[("Vesterålen", None), ("Landet", 54.3)]))
    assert rule["data"]["values"] == [{"label": "Landet", "value": 54.3}]
    assert rule["encoding"]["color"]["scale"]["range"] == [NATION_COLOUR]


def test_no_reference_values_draw_no_rules():
    assert rules(spec(references=[("Vesterålen", None), ("Landet", None)])) == []


def test_the_chart_fits_the_width_and_keeps_its_height():
    assert spec()["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec()["height"] == 132


def test_example_data_is_named_in_the_chart_subtitle():
    assert "Eksempeldata" in spec(example=True)["title"]["subtitle"]
    assert spec(example=False)["title"]["subtitle"] == ""


def test_bars_are_labelled_with_the_norwegian_display_value():
    bars, labels = spec()["layer"][:2]
    assert labels["encoding"]["text"] == {"field": "label", "type": "nominal"}
    # No note is no key, so the tooltip leaves the line out instead of printing "null".
    assert {"name": "Bø", "value": 40.0, "label": "40,0 %"} in bars["data"]["values"]


def test_a_hidden_value_gets_its_symbol_and_the_reason_on_hover_but_no_bar():
    without_value = spec()["layer"][2]
    assert without_value["transform"] == [{"filter": "datum.value == null"}]
    assert without_value["encoding"]["text"] == {"field": "label", "type": "nominal"}
    assert {"field": "note", "title": "Merknad", "type": "nominal"} in without_value["encoding"]["tooltip"]


TREND = pl.DataFrame(
    {
        "year": [2023, 2024, 2023, 2024],
        "series": ["Bø", "Bø", "Vesterålen (regionen)", "Vesterålen (regionen)"],
        "value": [40.0, 42.0, 45.0, 46.0],
        "label": ["40,0 %", "42,0 %", "45,0 %", "46,0 %"],
        "note": [None, None, None, None],
    }
)


def trend(**overrides):
    arguments = dict(
        title="Heltid: utvikling",
        unit="prosent",
        series_order=["Bø", "Vesterålen (regionen)"],
        region_series="Vesterålen (regionen)",
        markers=[],
        example=False,
    )
    arguments.update(overrides)
    return trend_chart(TREND, **arguments).to_dict()


def test_trend_has_a_line_per_municipality_and_a_heavy_black_region_line():
    line = trend()["layer"][0]
    colour = line["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Bø", "Vesterålen (regionen)"]
    assert colour["range"][-1] == NATION_COLOUR
    width = line["encoding"]["strokeWidth"]
    assert width["condition"]["test"] == 'datum.series == "Vesterålen (regionen)"'
    assert width["condition"]["value"] > width["value"]
    assert line["encoding"]["x"]["axis"]["format"] == "d"


def test_trend_without_a_region_line_for_counts():
    spec = trend(series_order=["Bø"], region_series=None)
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["Bø"]


def test_measures_are_drawn_as_labelled_markers_on_the_trend():
    spec = trend(markers=[{"year": 2023, "label": "Vesterålen: Rett Kurs!"}])
    rule, text = spec["layer"][1:3]
    assert rule["mark"]["type"] == "rule" and text["mark"]["type"] == "text"
    assert rule["data"]["values"] == [{"year": 2023, "label": "Vesterålen: Rett Kurs!"}]
    assert text["encoding"]["text"]["field"] == "label"


def test_gap_chart_stacks_what_is_covered_and_what_is_missing():
    frame = pl.DataFrame({"name": ["Sortland", "Bø"], "covered": [27.0, 6.0], "missing": [3.0, 0.0]})
    spec = gap_chart(frame, title="Barnehagelærere", unit="årsverk", example=True).to_dict()
    assert spec["encoding"]["y"]["sort"] == ["Sortland", "Bø"]
    assert spec["encoding"]["color"]["scale"] == {
        "domain": ["Har", "Mangler"],
        "range": [BAR_COLOUR, REGION_COLOUR],
    }
    assert {"name": "Sortland", "part": "Mangler", "value": 3.0, "order": 1} in spec["data"]["values"]
    assert spec["title"]["subtitle"] == "Eksempeldata – ikke offisielle tall"


def test_programme_chart_shows_enrolled_and_completed_per_programme():
    frame = pl.DataFrame(
        {
            "name": ["Bø", "Bø"],
            "programme": ["Rett Kurs!", "Helsefremmende lederskap"],
            "enrolled": [8.0, 4.0],
            "completed": [6.0, None],
        }
    )
    spec = programme_chart(frame, title="Lederprogrammer", order=["Bø"], example=False).to_dict()
    enrolled, completed = spec["layer"]
    assert (
        enrolled["encoding"]["x"]["field"] == "enrolled"
        and completed["encoding"]["x"]["field"] == "completed"
    )
    assert enrolled["encoding"]["yOffset"]["field"] == "programme"


def test_small_multiples_give_each_indicator_its_own_scale():
    frame = pl.DataFrame(
        {
            "panel": ["Heltid (prosent)", "Lærlinger (antall)"],
            "name": ["Bø", "Bø"],
            "value": [40.0, 6.0],
            "label": ["40,0 %", "6"],
            "note": [None, None],
        }
    )
    spec = small_multiples_chart(frame, order=["Bø"], columns=2, example=False).to_dict()
    assert spec["facet"]["field"] == "panel"
    assert spec["resolve"]["scale"]["x"] == "independent"
    assert spec["columns"] == 2
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def from_dict_calls(build) -> int:
    """How often `build()` has Altair turn a plain string or dict into a chart part (SchemaBase.from_dict)."""
    from altair.utils.schemapi import SchemaBase

    target = SchemaBase.from_dict.__func__.__code__
    calls = []

    def count(frame, event, _arg):
        if event == "call" and frame.f_code is target:
            calls.append(1)

    sys.setprofile(count)
    try:
        build()
    finally:
        sys.setprofile(None)
    return len(calls)


def test_charts_are_built_from_named_channels_without_altair_converting_strings_or_dicts():
    # Each conversion hashed every schema class Altair has (about 7 ms); a page of charts built cold
    # after an import paid it dozens of times (alt.X("value:Q"), not x="value:Q"; alt.ColorValue with
    # a condition, not alt.condition).
    assert from_dict_calls(lambda: [spec(), spec(focus="Bø")]) == 0
    markers = [{"year": 2023, "label": "Vesterålen: Rett Kurs!"}]
    assert from_dict_calls(lambda: [trend(markers=markers), trend(markers=markers, focus="Bø")]) == 0
    gap = pl.DataFrame({"name": ["Sortland", "Bø"], "covered": [27.0, 6.0], "missing": [3.0, 0.0]})
    programmes = pl.DataFrame(
        {"name": ["Bø"], "programme": ["Rett Kurs!"], "enrolled": [8.0], "completed": [6.0]}
    )
    panels = FRAME.with_columns(panel=pl.lit("Heltid (prosent)"))

    def the_others():
        for focus in (None, "Bø"):
            gap_chart(gap, title="Barnehagelærere", unit="årsverk", example=True, focus=focus)
            programme_chart(programmes, title="Lederprogrammer", order=["Bø"], example=False, focus=focus)
            small_multiples_chart(panels, order=["Bø"], columns=2, example=False, focus=focus)

    assert from_dict_calls(the_others) == 0
