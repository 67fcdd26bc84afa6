"""Chart builders, checked through their Vega-Lite spec."""

import polars as pl

from kompetanse.charts import BAR_COLOUR, NATION_COLOUR, REGION_COLOUR, comparison_chart

FRAME = pl.DataFrame(
    {
        "name": ["Bø", "Hadsel", "Andøy"],
        "value": [40.0, 75.0, None],
        "label": ["40,0 %", "75,0 %", ":"],
        "note": [None, None, "Skjult av personvernhensyn: færre enn 10 personer i grunnlaget."],
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
    assert {"name": "Bø", "value": 40.0, "label": "40,0 %", "note": None} in bars["data"]["values"]


def test_a_hidden_value_gets_its_symbol_and_the_reason_on_hover_but_no_bar():
    without_value = spec()["layer"][2]
    assert without_value["transform"] == [{"filter": "datum.value == null"}]
    assert without_value["encoding"]["text"] == {"field": "label", "type": "nominal"}
    assert {"field": "note", "title": "Merknad", "type": "nominal"} in without_value["encoding"]["tooltip"]
