"""Chart builders, checked through their Vega-Lite spec."""

import polars as pl

from kompetanse.charts import BAR_COLOUR, NATION_COLOUR, REGION_COLOUR, comparison_chart

FRAME = pl.DataFrame({"name": ["Bø", "Hadsel", "Andøy"], "value": [40.0, 75.0, None]})


def spec(**overrides):
    arguments = dict(
        title="Barnehagelærere, 2024", unit="prosent", order=["Hadsel", "Bø", "Andøy"],
        references=[("Vesterålen", 60.0), ("Landet", 54.3)], example=False,
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


def test_region_and_national_values_are_drawn_as_labelled_rules():
    layers = spec()["layer"]
    rules = [layer for layer in layers if layer["mark"]["type"] == "rule"]
    assert [rule["mark"]["color"] for rule in rules] == [REGION_COLOUR, NATION_COLOUR]
    assert [rule["data"]["values"][0] for rule in rules] == [
        {"label": "Vesterålen", "value": 60.0}, {"label": "Landet", "value": 54.3},
    ]


def test_a_missing_reference_value_draws_no_rule():
    layers = spec(references=[("Vesterålen", None), ("Landet", 54.3)])["layer"]
    assert len([layer for layer in layers if layer["mark"]["type"] == "rule"]) == 1


def test_example_data_is_named_in_the_chart_subtitle():
    assert "Eksempeldata" in spec(example=True)["title"]["subtitle"]
    assert spec(example=False)["title"]["subtitle"] == ""


def test_value_labels_use_one_decimal_for_shares_and_none_for_counts():
    assert spec()["layer"][1]["encoding"]["text"]["format"] == ",.1f"
    assert spec(unit="antall")["layer"][1]["encoding"]["text"]["format"] == ",.0f"
