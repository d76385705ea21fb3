"""QGIS renderers (<renderer-v2>) for the project's layers, written as QGIS 3.22 saves them."""

from xml.etree.ElementTree import Element, SubElement

from django.utils.translation import gettext as _

from layers.registry import GRID_RAMP, HOTSPOT_CLASSES

# The categorized attribute of the hotspot layer: class and confidence in one text, e.g.
# "hot 99" or "none 0" (the GeoJSON has them as two properties).
HOTSPOT_EXPRESSION = 'concat("hotspot", \' \', "confidence")'
NOT_SIGNIFICANT = ("none", 0)
# The centre of the diverging ColorBrewer RdBu ramp the classes come from.
NOT_SIGNIFICANT_COLOUR = "#f7f7f7"
# QGIS symbol types by the geometry kind of a campaign category.
SYMBOL_TYPES = {"point": "marker", "line": "line", "polygon": "fill"}


def rgba(colour: str, alpha: int = 255) -> str:
    """Return a #rrggbb colour as QGIS writes it: "r,g,b,a"."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{alpha}"


def symbol(kind: str, colour: str, name: str) -> Element:
    """Return a simple marker, line or fill symbol in one colour."""
    element = Element("symbol", type=kind, name=name, alpha="1", clip_to_extent="1")
    element.set("force_rhr", "0")
    if kind == "marker":
        layer_class = "SimpleMarker"
        options = {
            "name": "circle",
            "color": rgba(colour),
            "outline_color": "35,35,35,255",
            "outline_width": "0.2",
            "size": "2.6",
            "size_unit": "MM",
        }
    elif kind == "line":
        layer_class = "SimpleLine"
        options = {"line_color": rgba(colour), "line_width": "0.8", "line_width_unit": "MM"}
    else:
        layer_class = "SimpleFill"
        # Translucent, so the base map and the posts stay visible under cells and hulls.
        options = {
            "color": rgba(colour, 150),
            "style": "solid",
            "outline_color": rgba(colour),
            "outline_style": "solid",
            "outline_width": "0.3",
            "outline_width_unit": "MM",
        }
    layer = SubElement(element, "layer", {"class": layer_class, "enabled": "1", "locked": "0"})
    layer.set("pass", "0")
    _options(layer, options)
    return element


def _options(parent: Element, values: dict[str, str]) -> None:
    holder = SubElement(parent, "Option", type="Map")
    for key, value in values.items():
        SubElement(holder, "Option", name=key, value=value, type="QString")


def _renderer(kind: str, **attributes) -> Element:
    element = Element("renderer-v2", type=kind, forceraster="0", symbollevels="0")
    element.set("enableorderby", "0")
    for key, value in attributes.items():
        element.set(key, value)
    return element


def categorized(attribute: str, classes: list[tuple[str, str, Element]]) -> Element:
    """Return a categorized renderer: (value, label, symbol) per class."""
    renderer = _renderer("categorizedSymbol", attr=attribute)
    categories = SubElement(renderer, "categories")
    symbols = SubElement(renderer, "symbols")
    for index, (value, label, sym) in enumerate(classes):
        SubElement(
            categories, "category", render="true", symbol=str(index), value=value, label=label
        )
        sym.set("name", str(index))
        symbols.append(sym)
    return renderer


def graduated(attribute: str, ranges: list[tuple[float, float, str, Element]]) -> Element:
    """Return a graduated renderer: (lower, upper, label, symbol) per range."""
    renderer = _renderer("graduatedSymbol", attr=attribute, graduatedMethod="GraduatedColor")
    holder = SubElement(renderer, "ranges")
    symbols = SubElement(renderer, "symbols")
    for index, (lower, upper, label, sym) in enumerate(ranges):
        SubElement(
            holder,
            "range",
            render="true",
            symbol=str(index),
            lower=f"{lower:.6f}",
            upper=f"{upper:.6f}",
            label=label,
        )
        sym.set("name", str(index))
        symbols.append(sym)
    return renderer


def single(sym: Element) -> Element:
    """Return a single-symbol renderer."""
    renderer = _renderer("singleSymbol")
    sym.set("name", "0")
    SubElement(renderer, "symbols").append(sym)
    return renderer


def public_kind(category) -> str:
    """Return the geometry kind QGIS reads for a category's posts (without credentials)."""
    # A sensitive category is published generalised, as one point per grid cell, whatever
    # its kind: a line or fill symbol would draw nothing.
    return "point" if category.sensitive else category.geometry_kind


def posts_renderer(categories) -> Element:
    """Return the posts by category: each category's colour and label, drawn by its kind."""
    return categorized(
        "category",
        [
            (c.key, c.label, symbol(SYMBOL_TYPES[public_kind(c)], c.colour, c.key))
            for c in categories
        ],
    )


def hotspot_renderer() -> Element:
    """Return the Gi* classes: hot 99/95/90, not significant, cold 90/95/99 (diverging)."""
    hot = [entry for entry in HOTSPOT_CLASSES if entry[0][0] == "hot"]
    cold = [entry for entry in HOTSPOT_CLASSES if entry[0][0] == "cold"]
    middle = [(NOT_SIGNIFICANT, _("not significant"), NOT_SIGNIFICANT_COLOUR)]
    classes = [
        (f"{kind} {confidence}", str(label), symbol("fill", colour, kind))
        for (kind, confidence), label, colour in [*hot, *middle, *cold]
    ]
    return categorized(HOTSPOT_EXPRESSION, classes)


def grid_renderer(counts: list[int]) -> Element:
    """Return the grid cells graduated by posts per cell: equal intervals over the counts."""
    low, high = (min(counts), max(counts)) if counts else (0, 1)
    if high <= low:
        high = low + 1
    step = (high - low) / len(GRID_RAMP)
    ranges = []
    for index, colour in enumerate(GRID_RAMP):
        lower, upper = low + index * step, low + (index + 1) * step
        label = _("%(lower)s to %(upper)s posts") % {
            "lower": f"{lower:.0f}",
            "upper": f"{upper:.0f}",
        }
        ranges.append((lower, upper, label, symbol("fill", colour, str(index))))
    return graduated("count", ranges)


def outline_renderer(colour: str) -> Element:
    """Return one translucent fill for clusters and density contours."""
    return single(symbol("fill", colour, "0"))
