"""A shape and a letter for every category, so the map and legend never rely on colour alone."""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

# The map's background is light (the basemap's land colour is close to white): a colour
# below 3:1 against white (WCAG 2.1, 1.4.11 non-text contrast) is hard to see on it.
MAP_BACKGROUND = "#ffffff"
MIN_CONTRAST = 3.0
# Outlines on a 24 x 24 grid, drawn the same way by the legend (SVG) and the map (canvas).
SHAPES = {
    "circle": None,
    "square": [(3, 3), (21, 3), (21, 21), (3, 21)],
    "triangle": [(12, 1.5), (23, 22), (1, 22)],
    "diamond": [(12, 0.5), (23.5, 12), (12, 23.5), (0.5, 12)],
    "hexagon": [(6, 2), (18, 2), (23.5, 12), (18, 22), (6, 22), (0.5, 12)],
    "pentagon": [(12, 1), (23, 9.5), (19, 23), (5, 23), (1, 9.5)],
}


@dataclass(frozen=True)
class Marker:
    """A category's marker: shape, letter, colour and a contrasting text colour."""

    shape: str
    letter: str
    colour: str
    text_colour: str  # black or white, whichever contrasts more with the colour

    @property
    def svg_points(self) -> str:
        """Return the shape's outline as an SVG points attribute (empty for the circle)."""
        return " ".join(f"{x},{y}" for x, y in SHAPES[self.shape] or [])

    def as_json(self) -> dict:
        """Return the marker as a dict for the map's script, with the outline's points."""
        return asdict(self) | {"points": SHAPES[self.shape]}


def _luminance(hex_colour: str) -> float:
    # WCAG 2.1 relative luminance.
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG 2.1 contrast ratio of two hex colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(hex_colour: str) -> str:
    """Return #000000 or #ffffff, whichever has the higher contrast ratio on the colour."""
    lum = _luminance(hex_colour)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def _letter(label: str, taken: set[str]) -> str:
    for char in label.upper():
        if char.isalnum() and char not in taken:
            return char
    return next(str(n) for n in range(1, 100) if str(n) not in taken)


def category_markers(categories) -> dict[str, Marker]:
    """Return a marker per category key: shapes in turn, its symbol or a letter not yet taken."""
    shapes = list(SHAPES)
    categories = list(categories)
    markers = {}
    # Chosen symbols first, so a label's letter never takes one a manager picked.
    taken = {category.symbol for category in categories if category.symbol}
    for index, category in enumerate(categories):
        letter = category.symbol or _letter(category.label, taken)
        taken.add(letter)
        markers[category.key] = Marker(
            shape=shapes[index % len(shapes)],
            letter=letter,
            colour=category.colour.lower(),
            text_colour=text_colour_on(category.colour),
        )
    return markers


def contrast_hint(colour: str) -> str:
    """Return a sentence on how well the colour stands out on the map (empty when it does)."""
    ratio = contrast_ratio(colour, MAP_BACKGROUND)
    if ratio >= MIN_CONTRAST:
        return ""
    return _(
        "This colour stands out only weakly on the light map (contrast %(ratio).1f:1; at least "
        "3:1 is recommended). The marker's outline and symbol still show it, but a darker "
        "colour is easier to see."
    ) % {"ratio": ratio}
