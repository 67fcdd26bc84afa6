"""GeoJSON polygons to TopoJSON: quantised, delta-encoded arcs, one object of named geometries.

Served once as a static file (static/), a map spec points at it with `data.url` instead of carrying
the boundaries inline in every spec and every page run. Arcs are not shared between neighbours:
simpler, and small enough (each ring is its own arc).
"""

from __future__ import annotations

Ring = list[list[float]]


def _polygons(geometry: dict) -> list[list[Ring]]:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def topology(geometries: dict[str, dict], object_name: str, quantization: int = 100_000) -> dict:
    """A TopoJSON topology with one object; each geometry keeps its key as `id`."""
    points = [
        point
        for geometry in geometries.values()
        for polygon in _polygons(geometry)
        for ring in polygon
        for point in ring
    ]
    x0, y0 = min(p[0] for p in points), min(p[1] for p in points)
    x1, y1 = max(p[0] for p in points), max(p[1] for p in points)
    kx = (x1 - x0) / (quantization - 1) or 1.0
    ky = (y1 - y0) / (quantization - 1) or 1.0
    arcs: list[list[list[int]]] = []
    objects = []
    for key, geometry in geometries.items():
        polygons = []
        for polygon in _polygons(geometry):
            rings = []
            for ring in polygon:
                previous, arc = (0, 0), []
                for x, y in ring:
                    point = (round((x - x0) / kx), round((y - y0) / ky))
                    if arc and point == previous:
                        continue  # quantisation merged two points
                    arc.append([point[0] - previous[0], point[1] - previous[1]])
                    previous = point
                rings.append([len(arcs)])
                arcs.append(arc)
            polygons.append(rings)
        objects.append({"type": "MultiPolygon", "id": key, "arcs": polygons})
    return {
        "type": "Topology",
        "transform": {"scale": [kx, ky], "translate": [x0, y0]},
        "objects": {object_name: {"type": "GeometryCollection", "geometries": objects}},
        "arcs": arcs,
    }
