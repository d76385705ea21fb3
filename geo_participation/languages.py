"""Language of each request: German unless the visitor asks for English."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

# Delivery endpoints answer the same bytes in every language; varying them on
# Accept-Language would only split the tile caches of browsers and proxies.
LANGUAGE_NEUTRAL_PREFIXES = (
    "/tiles/",
    "/ogc/",
    "/heatmaps/",
    "/basemap/",
    "/static/",
    "/healthz",
    "/readyz",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware (cookie, then Accept-Language, then German), minus delivery."""

    def process_request(self, request):
        """Activate German (LANGUAGE_CODE) on delivery paths; elsewhere choose as Django does."""
        if request.path.startswith(LANGUAGE_NEUTRAL_PREFIXES):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            return None
        return super().process_request(request)

    def process_response(self, request, response):
        """Leave delivery responses without Vary: Accept-Language or Content-Language."""
        if request.path.startswith(LANGUAGE_NEUTRAL_PREFIXES):
            return response
        return super().process_response(request, response)
