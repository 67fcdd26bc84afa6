"""Municipality boundaries (Kartverket via robhop/fylker-og-kommuner, 2024 borders)."""

import json
from pathlib import Path

import polars as pl

from kompetanse.i18n import N_

BOUNDARY_FILE = Path("geo") / "kommuner_2024_s.geojson"
# Stored with the rows in bokmål; a catalogue text, translated where it is shown.
BOUNDARY_SOURCE = N_(
    "Kartverket, administrative enheter 2024, forenklet (robhop/fylker-og-kommuner, CC BY 4.0)"
)


def read_boundaries(data_dir: Path) -> pl.DataFrame:
    """kommunenummer, geometry_json (GeoJSON geometry as text), source."""
    collection = json.loads((data_dir / BOUNDARY_FILE).read_text(encoding="utf-8"))
    return pl.DataFrame(
        {
            "kommunenummer": [f["properties"]["kommunenummer"] for f in collection["features"]],
            "geometry_json": [
                json.dumps(f["geometry"], separators=(",", ":")) for f in collection["features"]
            ],
        }
    ).with_columns(source=pl.lit(BOUNDARY_SOURCE))
