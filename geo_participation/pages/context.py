"""Template context shared by every page: who runs the service and how to reach them."""

from urllib.parse import urlsplit

from django.conf import settings


def operator(request):
    """Return the operator's name, address and e-mail, and any third-party map host."""
    return {
        "gp_operator": {
            "name": settings.GP_OPERATOR_NAME,
            "address": settings.GP_OPERATOR_ADDRESS,
            "email": settings.GP_CONTACT_EMAIL,
        },
        # The one third-party server a page may contact, if a raster base map is configured.
        "gp_basemap_host": urlsplit(getattr(settings, "GP_BASEMAP_URL", "") or "").hostname or "",
    }
