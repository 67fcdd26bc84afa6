"""Choropleth map of a region's municipalities: a pure function from frames to an Altair chart."""

from __future__ import annotations

import json

import altair as alt
import polars as pl

from kompetanse.charts.style import FONT_SIZE, axis_title, configure_chart, value_format

MISSING_COLOUR = "#d9d9d9"
# The palest blues are hard to tell from the grey of a missing value and from the white page.
COLOUR_SCHEME = alt.SchemeParams(name="blues", extent=[0.3, 1.0])
MAP_HEIGHT = 420

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


def region_map(
    boundaries: pl.DataFrame,
    values: pl.DataFrame,
    *,
    title: str,
    unit: str,
    higher_is_better: bool | None,
    example: bool,
) -> alt.LayerChart:
    """Municipalities in `boundaries` coloured by `values`, grey where the value is missing or suppressed."""
    joined = boundaries.select("kommunenummer", "geometry_json").join(
        values.select("kommunenummer", "name", "value", "label", "note"), on="kommunenummer", how="left"
    )
    features, labels = [], []
    for row in joined.sort("kommunenummer").iter_rows(named=True):
        geometry = json.loads(row["geometry_json"])
        properties = {
            "kommunenummer": row["kommunenummer"],
            "name": row["name"] or row["kommunenummer"],
            "value": row["value"],
            "label": row["label"] or "..",
            "note": row["note"],
        }
        features.append({"type": "Feature", "geometry": _rewound(geometry), "properties": properties})
        lon, lat = _label_point(geometry)
        labels.append({"name": properties["name"], "lon": lon, "lat": lat})

    collection = {"type": "FeatureCollection", "features": features}
    data = alt.Data(values=collection, format=alt.DataFormat(property="features", type="json"))
    colour = (
        alt.when("!isValid(datum.properties.value)")
        .then(alt.value(MISSING_COLOUR))
        .otherwise(
            alt.Color(
                "properties.value:Q",
                # Darker always means better: reverse the scale when a lower value is the better one.
                scale=alt.Scale(scheme=COLOUR_SCHEME, reverse=higher_is_better is False),
                legend=alt.Legend(title=axis_title(unit), format=value_format(unit), gradientLength=220),
            )
        )
    )
    # invalid=None: without it Vega-Lite drops features whose value is null instead of drawing them grey.
    shapes = alt.Chart(data).mark_geoshape(stroke="white", strokeWidth=1.5, invalid=None).encode(color=colour)
    tooltip = [
        alt.Tooltip("properties.name:N", title="Kommune"),
        alt.Tooltip("properties.label:N", title=axis_title(unit)),
    ]
    # The tooltip prints a missing note as "null", so only features with a note get the row.
    has_note = "isValid(datum.properties.note)"
    noted = shapes.transform_filter(has_note).encode(
        tooltip=[*tooltip, alt.Tooltip("properties.note:N", title="Merknad")]
    )
    plain = shapes.transform_filter(f"!({has_note})").encode(tooltip=tooltip)

    names = alt.Chart(alt.Data(values=labels)).encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    # A white halo under the name keeps it readable on both pale and dark fills.
    halo = names.mark_text(fontSize=FONT_SIZE - 1, stroke="white", strokeWidth=4, strokeJoin="round")
    text = names.mark_text(fontSize=FONT_SIZE - 1, color="#222222")

    subtitle = "Eksempeldata – ikke offisielle tall" if example else ""
    chart = (
        alt.layer(noted, plain, halo, text)
        .project(type="mercator")
        .properties(
            title=alt.TitleParams(title, subtitle=subtitle, subtitleColor="#B35900"),
            height=MAP_HEIGHT,
            width="container",
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
    )
    return configure_chart(chart)
