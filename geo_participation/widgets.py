"""The admin map widget, with OpenLayers served by the project and no third-party tiles."""

import json

from django.conf import settings
from django.contrib.gis.forms import OpenLayersWidget
from django.utils.safestring import mark_safe


class LocalMapWidget(OpenLayersWidget):
    """Django's OpenLayers widget, loading ol.js from our static files over a plain background.

    Django's own widget loads OpenLayers from a CDN and draws NASA or OSM tiles; both are
    third-party requests, which our pages never make. The background is a graticule plus an
    optional context geometry (the campaign area), both drawn locally.
    """

    template_name = "gis/local-openlayers.html"

    class Media:
        extend = False  # drop the parent's CDN URLs
        css = {"all": ("vendor/ol/ol.css", "gis/css/ol3.css")}
        js = ("vendor/ol/ol.js", "gis/js/OLMapWidget.js")

    def __init__(self, attrs=None):
        super().__init__()
        lon, lat = settings.GP_MAP_DEFAULT_CENTER
        self.attrs.update(default_lon=lon, default_lat=lat, default_zoom=12, context=None)
        if attrs:
            self.attrs.update(attrs)

    def get_context(self, name, value, attrs):
        """Return the context, with the context geometry as JSON safe inside a script."""
        context = super().get_context(name, value, attrs)
        # The template sits inside a <script>: escape <, > and & as json_script does.
        raw = json.dumps(context.get("context"))
        safe = raw.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
        context["context_json"] = mark_safe(safe)  # noqa: S308 - escaped above
        return context
