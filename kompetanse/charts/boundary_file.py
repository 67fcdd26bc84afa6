"""The one TopoJSON file of every municipality's boundary, in static/: made from data/, read for exports."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

from kompetanse.charts.maps import BOUNDARIES_URL, STATIC_FILE, boundary_topology
from kompetanse.config import DATA_DIR, STATIC_DIR
from kompetanse.sources.boundaries import read_boundaries


def static_topology(data_dir: Path = DATA_DIR) -> str:
    """The bundled boundaries as the TopoJSON text static/ serves (deterministic, compact)."""
    return json.dumps(boundary_topology(read_boundaries(data_dir)), separators=(",", ":")) + "\n"


def write_static_topology(data_dir: Path = DATA_DIR, static_dir: Path = STATIC_DIR) -> Path:
    """Regenerate static/kommuner-2024.topo.json from data/ (a test checks it is up to date)."""
    target = static_dir / STATIC_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(static_topology(data_dir), encoding="utf-8")
    return target


@cache
def _served_topology() -> dict:
    return json.loads((STATIC_DIR / STATIC_FILE).read_text(encoding="utf-8"))


def with_inline_boundaries(spec: dict) -> dict:
    """The spec with the static file's boundaries put inline, for renderers without the web server."""

    def inline(node):
        if isinstance(node, dict):
            if node.get("url") == BOUNDARIES_URL:
                return {**{k: v for k, v in node.items() if k != "url"}, "values": _served_topology()}
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(copy.copy(spec))
