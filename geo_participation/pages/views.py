"""The privacy page states the limits this instance is configured with."""

from django.conf import settings
from django.shortcuts import render
from django.utils.formats import number_format


def privacy(request):
    """Show the privacy notice with this instance's generalisation grid and retention."""
    context = {
        "sensitive_grid_m": number_format(settings.GP_SENSITIVE_GRID_M, decimal_pos=0),
        "idempotency_hours": settings.GP_IDEMPOTENCY_TTL_HOURS,
    }
    return render(request, "pages/privacy.html", context)
