"""Language of each request: German unless the visitor asks for English."""

import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

# Delivery endpoints answer the same bytes in every language; varying them on
# Accept-Language would only split the tile caches of browsers and proxies. The density
# preview under /heatmaps/ is a page for people, so it follows the visitor's language.
LOCALISED_PAGES = re.compile(r"^/heatmaps/[^/]+/kde/$")
LANGUAGE_NEUTRAL_PREFIXES = (
    "/tiles/",
    "/ogc/",
    "/heatmaps/",
    "/basemap/",
    "/static/",
    "/healthz",
    "/readyz",
)


def language_neutral(path: str) -> bool:
    """Return whether the path answers the same bytes in every language (delivery)."""
    return path.startswith(LANGUAGE_NEUTRAL_PREFIXES) and not LOCALISED_PAGES.match(path)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware (cookie, then Accept-Language, then German), minus delivery."""

    def process_request(self, request):
        """Activate German (LANGUAGE_CODE) on delivery paths; elsewhere choose as Django does."""
        if language_neutral(request.path):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            return None
        return super().process_request(request)

    def process_response(self, request, response):
        """Leave delivery responses without Vary: Accept-Language or Content-Language."""
        if language_neutral(request.path):
            return response
        return super().process_response(request, response)
