"""Build the base map archive: OSM extract -> osmium -> tilemaker (OpenMapTiles) -> PMTiles.

Every step is an established tool: osmium cuts the extract to the campaigns' bounding box (and
turns OSM XML into PBF, the only input tilemaker 2.2 reads), Debian's tilemaker writes
OpenMapTiles-schema vector tiles with its own shipped config and Lua profile, and the pmtiles
package repacks the MBTiles into one PMTiles file that MapLibre reads with Range requests.
"""

import json
import math
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.db.models import Extent
from pmtiles.convert import mbtiles_to_pmtiles

from geo_participation.campaigns.models import Campaign
from geo_participation.osm_extract import fetch

TILEMAKER_EXAMPLES = Path("/usr/share/doc/tilemaker/examples")
# Layers read from Natural Earth and coastline shapefiles, which a city extract does not have.
SHAPEFILE_LAYERS = ("ocean", "urban_areas", "ice_shelf", "glacier")
MAX_ZOOM = 14
MARGIN_M = 2000
METRES_PER_DEGREE = 111_320
# The profile writes a feature's name as "name:latin"; the OpenMapTiles styles (and
# VersaTiles') read "name" and "name:de"/"name:en". Set after Debian's profile has run.
LUA_OVERRIDES = """
preferred_language_attribute = "name"
additional_languages = { "de", "en" }
"""


@dataclass(frozen=True)
class Result:
    """What a build wrote: the archive, its bounding box and size."""

    path: Path
    bbox: tuple[float, float, float, float]
    size: int


def with_margin(bbox, metres: float = MARGIN_M) -> tuple[float, float, float, float]:
    """Return the bounding box grown by a margin in metres on every side."""
    west, south, east, north = bbox
    dlat = metres / METRES_PER_DEGREE
    # A degree of longitude shrinks towards the poles: use the box's widest latitude.
    widest = max(abs(south), abs(north))
    dlon = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(widest)), 0.01))
    return (west - dlon, south - dlat, east + dlon, north + dlat)


def campaigns_bbox() -> tuple[float, float, float, float] | None:
    """Return the bounding box of every campaign's area (EPSG:4326), or None without campaigns."""
    return Campaign.objects.aggregate(extent=Extent("area"))["extent"]


def extract_bbox(path: Path) -> tuple[float, float, float, float]:
    """Return the bounding box of the data in an OSM file, as osmium reports it."""
    out = _run(["osmium", "fileinfo", "--extended", "--json", str(path)])
    return tuple(json.loads(out)["data"]["bbox"])


def tilemaker_config(bbox) -> dict:
    """Return Debian's OpenMapTiles config for tilemaker without shapefile layers, for bbox."""
    config = json.loads((TILEMAKER_EXAMPLES / "config-openmaptiles.json").read_text())
    for name in SHAPEFILE_LAYERS:
        config["layers"].pop(name, None)
    settings = config["settings"]
    settings["bounding_box"] = list(bbox)
    settings["maxzoom"] = MAX_ZOOM
    settings["name"] = "geo_participation basemap"
    return config


def _run(args: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def build(source: str, out: Path) -> Result:
    """Build a PMTiles archive at out from an OSM extract (path or URL) for the campaigns.

    The bounding box is every campaign's area plus a margin; without campaigns, the extract's.
    Raises Offline when the extract is a URL that cannot be fetched.
    """
    with tempfile.TemporaryDirectory(prefix="gp-basemap-") as tmp:
        work = Path(tmp)
        osm = fetch(source, work)
        area = campaigns_bbox()
        bbox = with_margin(area) if area else extract_bbox(osm)
        cut = work / "extract.osm.pbf"
        box = ",".join(f"{v:.6f}" for v in bbox)
        _run(["osmium", "extract", "--bbox", box, "--overwrite", "-o", str(cut), str(osm)])
        (work / "config.json").write_text(json.dumps(tilemaker_config(bbox)))
        profile = TILEMAKER_EXAMPLES / "process-openmaptiles.lua"
        (work / "process.lua").write_text(f"dofile({json.dumps(str(profile))})\n{LUA_OVERRIDES}")
        mbtiles = work / "basemap.mbtiles"
        _run(
            ["tilemaker", "--input", str(cut), "--output", str(mbtiles)]
            + ["--config", "config.json", "--process", "process.lua"],
            cwd=work,
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target, then swapped in: the server never reads a half archive.
        partial = out.with_name(out.name + ".partial")
        mbtiles_to_pmtiles(str(mbtiles), str(partial), MAX_ZOOM)
        os.replace(partial, out)
    return Result(path=out, bbox=bbox, size=out.stat().st_size)
