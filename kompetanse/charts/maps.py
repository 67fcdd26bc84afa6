"""Choropleth map of a region's municipalities: a pure function from frames to an Altair chart.

The boundaries are not in the spec: every municipality's is in one TopoJSON file that Streamlit serves
once from static/ (`server.enableStaticServing`), and the spec points at it (`data.url`) and looks up
the region's figures by kommunenummer. Inline, Vesterålen's boundaries made a 77 KB spec that was
serialised and sent on every page run. Exports put the topology inline (exports/images.py).
"""

from __future__ import annotations

import json

import altair as alt
import polars as pl

from kompetanse.charts.style import (
    FONT_SIZE,
    axis_title,
    full_width_layers,
    value_format,
)
from kompetanse.charts.topology import topology
from kompetanse.i18n import _

MISSING_COLOUR = "#d9d9d9"
NAME_COLOUR = "#222222"
# The palest blues are hard to tell from the grey of a missing value and from the white page.
COLOUR_SCHEME = alt.SchemeParams(name="blues", extent=[0.3, 1.0])
MAP_HEIGHT = 420
TOPOLOGY_OBJECT = "kommuner"
STATIC_FILE = "kommuner-2024.topo.json"  # in static/, next to app.py
BOUNDARIES_URL = f"app/static/{STATIC_FILE}"  # where Streamlit serves static/, relative to the page

Ring = list[list[float]]


def _signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def _polygons(geometry: dict) -> list[list[Ring]]:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _rewound(geometry: dict) -> dict:
    """The geometry with clockwise outer rings and anticlockwise holes."""
    # GeoJSON (RFC 7946) winds outer rings anticlockwise, but d3-geo (used by Vega) reads that as
    # "the whole globe except this polygon", which fills the map and breaks the projection's fit.
    polygons = [
        [ring if (_signed_area(ring) < 0) == (i == 0) else ring[::-1] for i, ring in enumerate(polygon)]
        for polygon in _polygons(geometry)
    ]
    return {"type": "MultiPolygon", "coordinates": polygons}


def _label_point(geometry: dict) -> tuple[float, float]:
    """Mean of the outer ring's points of the largest polygon: inside for the compact shapes of a region."""
    outer = max((polygon[0] for polygon in _polygons(geometry)), key=lambda ring: abs(_signed_area(ring)))
    points = outer[:-1] or outer
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def boundary_topology(boundaries: pl.DataFrame) -> dict:
    """kommunenummer, geometry_json -> TopoJSON (object 'kommuner', ids = kommunenummer), wound for Vega."""
    geometries = {
        row["kommunenummer"]: _rewound(json.loads(row["geometry_json"]))
        for row in boundaries.sort("kommunenummer").iter_rows(named=True)
    }
    return topology(geometries, TOPOLOGY_OBJECT)


def label_points(boundaries: pl.DataFrame) -> pl.DataFrame:
    """kommunenummer, lon, lat: where each municipality's name is written."""
    points = [_label_point(json.loads(text)) for text in boundaries["geometry_json"]]
    return pl.DataFrame(
        {
            "kommunenummer": boundaries["kommunenummer"],
            "lon": [lon for lon, _ in points],
            "lat": [lat for _, lat in points],
        },
        schema={"kommunenummer": pl.String, "lon": pl.Float64, "lat": pl.Float64},
    )


def boundaries_data(topology_values: dict | None = None) -> alt.Data:
    """The boundaries of every municipality: the static file's URL, or the topology itself inline."""
    data_format = alt.DataFormat(type="topojson", feature=TOPOLOGY_OBJECT)
    if topology_values is None:
        return alt.Data(url=BOUNDARIES_URL, format=data_format)
    return alt.Data(values=topology_values, format=data_format)


def region_map(
    labels: pl.DataFrame,
    values: pl.DataFrame,
    *,
    title: str,
    unit: str,
    higher_is_better: bool | None,
    example: bool,
    shapes: alt.Data | None = None,
) -> alt.LayerChart:
    """The municipalities in `labels` (kommunenummer, lon, lat) coloured by `values`, grey where the
    value is missing or suppressed. `shapes`: the boundaries (default: the static TopoJSON file)."""
    rows = (
        labels.select("kommunenummer", "lon", "lat")
        .join(
            values.select("kommunenummer", "name", "value", "label", "note"), on="kommunenummer", how="left"
        )
        .sort("kommunenummer")
        .with_columns(name=pl.coalesce("name", "kommunenummer"), label=pl.col("label").fill_null(".."))
    )
    drawn = rows.select("kommunenummer", "name", "value", "label", "note").to_dicts()
    # Every municipality's boundary is in the file; the region's get their figures by lookup, the rest
    # are dropped. invalid=None: without it Vega-Lite drops features whose value is null instead of
    # drawing them grey.
    lookup = alt.LookupData(
        data=alt.Data(values=[{**row, "shown": True} for row in drawn]),
        key="kommunenummer",
        fields=["name", "value", "label", "note", "shown"],
    )
    colour = alt.Color(
        "value:Q",
        # Darker always means better: reverse the scale when a lower value is the better one.
        scale=alt.Scale(scheme=COLOUR_SCHEME, reverse=higher_is_better is False),
        legend=alt.Legend(title=axis_title(unit), format=value_format(unit), gradientLength=220),
        condition={"test": "!isValid(datum.value)", "value": MISSING_COLOUR},
    )
    shapes = (
        alt.Chart(shapes or boundaries_data())
        .transform_lookup(lookup="id", from_=lookup)
        .transform_filter("datum.shown === true")
        .mark_geoshape(stroke="white", strokeWidth=1.5, invalid=None)
        .encode(color=colour)
    )
    tooltip = [alt.Tooltip("name:N", title=_("Kommune")), alt.Tooltip("label:N", title=axis_title(unit))]
    # The tooltip prints a missing note as "null", so only features with a note get the row.
    has_note = "isValid(datum.note)"
    noted = shapes.transform_filter(has_note).encode(
        tooltip=[*tooltip, alt.Tooltip("note:N", title=_("Merknad"))]
    )
    plain = shapes.transform_filter(f"!({has_note})").encode(tooltip=tooltip)

    # Each name with its figure under it ('75,0 %', ':' hidden, '..' missing): colour is never the only
    # carrier of the value or of a hidden cell (WCAG 1.4.1).
    named = rows.select("lon", "lat", text=pl.concat_list("name", "label"))
    names = alt.Chart(alt.Data(values=named.to_dicts())).encode(
        longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), text=alt.Text("text:N")
    )
    # A white halo under the name keeps it readable on both pale and dark fills.
    halo = names.mark_text(fontSize=FONT_SIZE - 1, stroke="white", strokeWidth=4, strokeJoin="round")
    text = names.mark_text(fontSize=FONT_SIZE - 1, color=NAME_COLOUR)

    layers = [noted, plain, halo, text]
    return full_width_layers(layers, title, example, MAP_HEIGHT, projection=alt.Projection(type="mercator"))
