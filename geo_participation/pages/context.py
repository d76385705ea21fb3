"""Template context shared by every page: who runs the service and how to reach them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from geo_participation import basemap


def operator(request):
    """Return the operator's details (for the Impressum and the legal pages), the third-party
    map host, if any, and whether the map has a base map under it."""
    return {
        "gp_operator": {
            "name": settings.GP_OPERATOR_NAME,
            # What a sentence calls the operator while no name is set.
            "label": settings.GP_OPERATOR_NAME or _("The operator of this service"),
            "address": settings.GP_OPERATOR_ADDRESS,
            "email": settings.GP_CONTACT_EMAIL,
            "representative": settings.GP_OPERATOR_REPRESENTATIVE,
            "phone": settings.GP_OPERATOR_PHONE,
            "register": settings.GP_OPERATOR_REGISTER,
            "vat_id": settings.GP_OPERATOR_VAT_ID,
        },
        # What every page title ends with, as the mails sign (never the project's code name).
        "gp_site_name": settings.GP_SITE_NAME,
        # The one third-party server a page may contact, if the operator opted in to one.
        "gp_basemap_host": urlsplit(basemap.third_party_origin()).hostname or "",
        # Called only by the templates that show the note (the campaign map).
        "gp_basemap_missing": lambda: not basemap.available(),
    }
