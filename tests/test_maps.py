"""The region map, checked through its Vega-Lite spec and offline renderings."""

import json
import re
from pathlib import Path

import polars as pl
import vl_convert

from kompetanse.charts.boundary_file import static_topology, with_inline_boundaries
from kompetanse.charts.maps import (
    BOUNDARIES_URL,
    MISSING_COLOUR,
    STATIC_FILE,
    boundaries_data,
    boundary_topology,
    label_points,
    region_map,
)
from kompetanse.config import STATIC_DIR
from kompetanse.sources.boundaries import read_boundaries

REPO = Path(__file__).resolve().parent.parent
VESTERALEN = ["1851", "1866", "1867", "1868", "1870", "1871"]


def square(lon: float, lat: float) -> str:
    """A one-degree square wound anticlockwise, as GeoJSON files have it."""
    ring = [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


BOUNDARIES = pl.DataFrame(
    {
        "kommunenummer": ["1867", "1866", "1868"],
        "geometry_json": [square(14, 68), square(15, 68), square(16, 68)],
    }
)
VALUES = pl.DataFrame(
    {
        "kommunenummer": ["1866", "1867", "1868"],
        "name": ["Hadsel", "Bø", "Øksnes"],
        "value": [61.0, None, None],
        "label": ["61,0 %", ":", ".."],
        "note": [None, "Skjult: færre enn 5 personer", None],
    }
)


def region_spec(boundaries=BOUNDARIES, values=VALUES, inline=True, **overrides) -> dict:
    """The map's spec; `inline`: the boundaries in the spec, as the exports and vl-convert need them."""
    arguments = dict(title="Barnehagelærere, 2024", unit="prosent", higher_is_better=True, example=False)
    arguments.update(overrides)
    shapes = boundaries_data(boundary_topology(boundaries)) if inline else None
    return region_map(label_points(boundaries), values, shapes=shapes, **arguments).to_dict()


def shape_layers(chart_spec: dict) -> list[dict]:
    return [layer for layer in chart_spec["layer"] if layer["mark"]["type"] == "geoshape"]


def features(chart_spec: dict) -> list[dict]:
    """The figures each drawn municipality gets by lookup (the same for both shape layers)."""
    [lookup] = {json.dumps(layer["transform"][0]) for layer in shape_layers(chart_spec)}
    rows = json.loads(lookup)["from"]["data"]["values"]
    assert all(row.pop("shown") is True for row in rows)
    return [{"properties": row} for row in rows]


def test_map_has_one_feature_per_municipality_with_its_value_and_display_label():
    properties = {f["properties"]["kommunenummer"]: f["properties"] for f in features(region_spec())}
    assert properties == {
        "1866": {"kommunenummer": "1866", "name": "Hadsel", "value": 61.0, "label": "61,0 %", "note": None},
        "1867": {
            "kommunenummer": "1867",
            "name": "Bø",
            "value": None,
            "label": ":",
            "note": "Skjult: færre enn 5 personer",
        },
        "1868": {"kommunenummer": "1868", "name": "Øksnes", "value": None, "label": "..", "note": None},
    }


def test_a_municipality_without_a_value_row_is_drawn_as_missing_under_its_number():
    only_hadsel = VALUES.filter(pl.col("kommunenummer") == "1866")
    properties = {
        f["properties"]["kommunenummer"]: f["properties"] for f in features(region_spec(values=only_hadsel))
    }
    assert properties["1867"] == {
        "kommunenummer": "1867",
        "name": "1867",
        "value": None,
        "label": "..",
        "note": None,
    }
    assert properties["1866"]["value"] == 61.0


def test_outer_rings_are_wound_clockwise_as_vega_expects():
    topology = boundary_topology(BOUNDARIES)
    first = topology["objects"]["kommuner"]["geometries"][0]
    assert first["id"] == "1866"
    x = y = 0
    ring = []
    for dx, dy in topology["arcs"][first["arcs"][0][0][0]]:  # delta-encoded, quantised
        x, y = x + dx, y + dy
        ring.append((x, y))
    signed_area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2
    assert signed_area < 0


def test_the_app_s_map_points_at_the_static_boundaries_instead_of_carrying_them():
    chart_spec = region_spec(inline=False)
    for layer in shape_layers(chart_spec):
        assert layer["data"] == {"url": BOUNDARIES_URL, "format": {"type": "topojson", "feature": "kommuner"}}
    assert len(json.dumps(chart_spec)) < 10_000
    assert features(chart_spec) == features(region_spec())


def test_the_static_boundary_file_is_made_from_the_bundled_boundaries():
    served = (STATIC_DIR / STATIC_FILE).read_text(encoding="utf-8")
    assert served == static_topology(), (
        "regenerate it: python -c 'from kompetanse.charts.boundary_file import write_static_topology; "
        "write_static_topology()'"
    )
    assert len(json.loads(served)["objects"]["kommuner"]["geometries"]) == 357


def test_an_exported_map_gets_the_served_boundaries_inline_and_renders_its_municipalities():
    boundaries = read_boundaries(REPO / "data").filter(pl.col("kommunenummer").is_in(VESTERALEN))
    values = pl.DataFrame(
        {
            "kommunenummer": VESTERALEN,
            "name": ["L", "H", "B", "Ø", "S", "A"],
            "value": [1.0] * 6,
            "label": ["1"] * 6,
        }
    ).with_columns(note=pl.lit(None, dtype=pl.String))
    inline = with_inline_boundaries(region_spec(boundaries, values, inline=False))
    assert sorted(rendered_fills(inline)) == ["A", "B", "H", "L", "S", "Ø"]


def test_map_colours_municipalities_by_value_and_greys_out_missing_ones():
    for layer in shape_layers(region_spec()):
        assert layer["mark"]["invalid"] is None  # keep null features instead of filtering them out
        colour = layer["encoding"]["color"]
        assert colour["field"] == "value"
        assert colour["type"] == "quantitative"
        assert colour["condition"] == {"test": "!isValid(datum.value)", "value": MISSING_COLOUR}


def rendered_fills(chart_spec: dict) -> dict[str, str]:
    """Fill colour of each municipality's shape in the SVG rendering, by name."""
    svg = vl_convert.vegalite_to_svg(chart_spec)
    paths = re.findall(r'<path aria-label="[^"]*Kommune: ([^;"]+)[^"]*"[^>]*fill="([^"]+)"', svg)
    return dict(paths)


def test_suppressed_and_missing_values_are_rendered_grey_and_known_values_in_colour():
    fills = rendered_fills(region_spec())
    assert fills["Bø"] == MISSING_COLOUR
    assert fills["Øksnes"] == MISSING_COLOUR
    assert fills["Hadsel"].startswith("rgb(")


def colour_scale(chart_spec: dict) -> dict:
    return shape_layers(chart_spec)[0]["encoding"]["color"]["scale"]


def test_the_better_end_of_the_scale_is_always_dark_so_the_scheme_reverses_when_lower_is_better():
    assert colour_scale(region_spec(higher_is_better=True))["reverse"] is False
    assert colour_scale(region_spec(higher_is_better=None))["reverse"] is False
    assert colour_scale(region_spec(higher_is_better=False))["reverse"] is True
    assert colour_scale(region_spec())["scheme"]["name"] == "blues"


def test_legend_uses_norwegian_numbers_and_names_the_unit():
    chart_spec = region_spec()
    assert chart_spec["config"]["locale"]["number"]["decimal"] == ","
    assert chart_spec["config"]["locale"]["number"]["thousands"] == "\u00a0"
    legend = shape_layers(chart_spec)[0]["encoding"]["color"]["legend"]
    assert legend == {"title": "Prosent", "format": ",.1f", "gradientLength": 220}
    counts = shape_layers(region_spec(unit="antall"))[0]["encoding"]["color"]["legend"]
    assert (counts["title"], counts["format"]) == ("Antall", ",.0f")


def test_example_data_is_named_in_the_map_subtitle():
    assert region_spec(example=True)["title"]["subtitle"] == "Eksempeldata – ikke offisielle tall"
    assert region_spec(example=False)["title"]["subtitle"] == ""


def test_tooltip_shows_name_and_display_label_and_the_note_only_when_there_is_one():
    noted, plain = shape_layers(region_spec())
    assert noted["transform"][1:] == [{"filter": "datum.shown === true"}, {"filter": "isValid(datum.note)"}]
    assert [(t["field"], t["title"]) for t in noted["encoding"]["tooltip"]] == [
        ("name", "Kommune"),
        ("label", "Prosent"),
        ("note", "Merknad"),
    ]
    assert plain["transform"][1:] == [
        {"filter": "datum.shown === true"},
        {"filter": "!(isValid(datum.note))"},
    ]
    assert [t["field"] for t in plain["encoding"]["tooltip"]] == ["name", "label"]


def test_names_are_written_inside_their_municipality():
    texts = [layer for layer in region_spec()["layer"] if layer["mark"]["type"] == "text"]
    assert texts
    for layer in texts:
        points = {row["text"][0]: (row["lon"], row["lat"]) for row in layer["data"]["values"]}
        assert points["Hadsel"] == (15.5, 68.5)


def test_each_name_has_its_figure_under_it_so_a_hidden_cell_is_not_only_grey():
    text = next(layer for layer in region_spec()["layer"] if layer["mark"]["type"] == "text")
    lines = {row["text"][0]: row["text"][1].replace("\u00a0", " ") for row in text["data"]["values"]}
    assert lines == {"Hadsel": "61,0 %", "Bø": ":", "Øksnes": ".."}
    assert text["encoding"]["text"]["field"] == "text"


def test_map_fits_the_region_and_the_container_width():
    chart_spec = region_spec()
    assert chart_spec["projection"] == {"type": "mercator"}
    assert chart_spec["width"] == "container"
    assert chart_spec["height"] == 420
    assert chart_spec["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_vesteralen_from_the_bundled_boundaries_renders_as_a_map():
    boundaries = read_boundaries(REPO / "data").filter(pl.col("kommunenummer").is_in(VESTERALEN))
    values = pl.DataFrame(
        {
            "kommunenummer": VESTERALEN,
            "name": ["Lødingen", "Hadsel", "Bø", "Øksnes", "Sortland", "Andøy"],
            "value": [43.2, 61.0, None, 55.5, 72.3, 38.0],
            "label": ["43,2 %", "61,0 %", ":", "55,5 %", "72,3 %", "38,0 %"],
            "note": [None, None, "Skjult: færre enn 5 personer", None, None, None],
        }
    )
    chart_spec = region_spec(boundaries, values, example=True)
    assert len(features(chart_spec)) == 6
    png = vl_convert.vegalite_to_png(chart_spec, scale=1)
    assert png.startswith(b"\x89PNG")
    assert len(png) > 5_000
    assert rendered_fills(chart_spec)["Bø"] == MISSING_COLOUR
