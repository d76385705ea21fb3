"""The legend image of a density raster: the colour bar with its values in places per km²."""

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure

from .ramp import FLOOR, LEGEND_STEPS, LUT

WIDTH_IN, HEIGHT_IN, DPI = 3.2, 0.9, 100


def legend_png(*, maximum: float, unit: str) -> bytes:
    """Return a PNG colour bar from the transparent floor to the maximum, labelled in unit."""
    # Figure, not pyplot: no global state, safe in a threaded worker.
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.05, 0.55, 0.9, 0.3))
    top = maximum if maximum > 0 else 1.0
    colours = ListedColormap(LUT / 255.0)
    # The bar starts at the floor: below it the raster is transparent, not dark blue.
    strip = np.linspace(FLOOR * top, top, 256)[np.newaxis, :]
    axes.imshow(
        strip,
        aspect="auto",
        cmap=colours,
        norm=Normalize(0.0, top),
        extent=(FLOOR * top, top, 0, 1),
    )
    axes.set_yticks([])
    axes.set_xlim(0.0, top)
    ticks = [step * top for step in LEGEND_STEPS[1:]]
    axes.set_xticks(ticks, [_label(t) for t in ticks], fontsize=7)
    label = unit if maximum > 0 else f"{unit} (no places)"
    axes.set_xlabel(label, fontsize=7, labelpad=2)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", transparent=True)
    return buffer.getvalue()


def _label(value: float) -> str:
    return f"{value:.3g}" if value < 1000 else f"{value:,.0f}"
