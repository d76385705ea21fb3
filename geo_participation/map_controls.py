"""The texts of MapLibre's own controls (zoom, credits, gestures), for every map of the site.

Here, not in web/, so that pages of packages web imports (campaign setup) can use them too.
"""

from django.utils.translation import gettext as _


def control_strings() -> dict[str, str]:
    """Return the translated texts of the map controls, keyed by a plain name."""
    return {
        "gestures_windows": _("Use Ctrl + scroll to zoom the map"),
        "gestures_mac": _("Use ⌘ + scroll to zoom the map"),
        "gestures_mobile": _("Use two fingers to move the map"),
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
        "reset_north": _("Reset the map's rotation"),
        "attribution": _("Show or hide the map credits"),
    }
