"""The colour ramp of density rasters: viridis, linear from zero to the grid's maximum.

Viridis (matplotlib's colour map data, no network) is perceptually uniform, reads in grey and
is safe for the common colour-vision deficiencies. The scale is fixed per density grid
(campaign version and parameters): every tile and the legend map a value to the same colour.
Pixels below FLOOR of the maximum stay transparent, so the base map shows where nothing is.
"""

import io

import numpy as np
from django.utils.translation import gettext_lazy
from matplotlib import colormaps
from PIL import Image

RAMP = "viridis"
# The ramp in words, for legends: change it with RAMP.
RAMP_NOTE = gettext_lazy(
    "From transparent (few posts) through dark violet, blue and green to yellow (most posts "
    "per km²)."
)
LEVELS = 256
# Below 2 % of the maximum: transparent. Far from every place the Gaussian tails are tiny but
# not zero, and painting them would tint the whole area in the ramp's darkest colour.
FLOOR = 0.02
# Values the legend names: the floor, then even steps up to the maximum.
LEGEND_STEPS = (FLOOR, 0.2, 0.4, 0.6, 0.8, 1.0)
LUT = (colormaps[RAMP](np.linspace(0.0, 1.0, LEVELS))[:, :3] * 255).round().astype(np.uint8)


def colour_index(values: np.ndarray, maximum: float) -> np.ndarray:
    """Return the ramp index (0-255) of each value on the linear scale 0 .. maximum."""
    if maximum <= 0:
        return np.zeros(values.shape, dtype=np.uint8)
    scaled = np.clip(values / maximum, 0.0, 1.0)
    return np.rint(scaled * (LEVELS - 1)).astype(np.uint8)


def rgba(values: np.ndarray, maximum: float) -> np.ndarray:
    """Return an RGBA image (uint8, rows x columns x 4) of density values."""
    out = np.zeros((*values.shape, 4), dtype=np.uint8)
    shown = values >= FLOOR * maximum if maximum > 0 else np.zeros(values.shape, dtype=bool)
    out[shown, :3] = LUT[colour_index(values[shown], maximum)]
    out[shown, 3] = 255
    return out


def png(image: np.ndarray) -> bytes:
    """Return the PNG bytes of an RGBA image."""
    buffer = io.BytesIO()
    Image.fromarray(image, "RGBA").save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def hex_colour(value: float, maximum: float) -> str | None:
    """Return the colour of a density value as #rrggbb, or None where it is transparent."""
    if maximum <= 0 or value < FLOOR * maximum:
        return None
    r, g, b = LUT[colour_index(np.array([value]), maximum)[0]]
    return f"#{r:02x}{g:02x}{b:02x}"


def breakpoints(maximum: float) -> list[dict]:
    """Return the legend's stops: value (places per km²), fraction of the maximum, colour."""
    return [
        {"value": step * maximum, "fraction": step, "colour": hex_colour(step * maximum, maximum)}
        for step in LEGEND_STEPS
    ]
