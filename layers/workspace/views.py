"""The planners' page: links to what delivery already offers for each campaign, by session."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from geo_participation.accounts.roles import is_planner
from geo_participation.campaigns.models import Campaign
from layers.exports.formats import FORMATS

from .gis import gis_links

# The submissions export in every format, in the order a planner is most likely to want them.
EXPORT_FORMATS = ("gpkg", "shp", "geojson", "csv", "kml", "fgb")


def _downloads(campaign) -> list[dict]:
    """Return the campaign's submissions export in each format: its title and URL."""
    return [
        {
            "title": FORMATS[key].title,
            "url": reverse(
                "exports:export",
                kwargs={"slug": campaign.slug, "filename": f"submissions.{key}"},
            ),
        }
        for key in EXPORT_FORMATS
    ]


@require_safe
@login_required
def campaign_list(request):
    """Show every campaign with its report, exports, density preview and GIS links."""
    # Anonymous visitors were sent to the login page above; others need the planner role.
    if not is_planner(request.user):
        raise PermissionDenied(_("Only planners may open this page."))
    campaigns = list(Campaign.objects.order_by("-opens_at", "slug"))
    for campaign in campaigns:
        campaign.downloads = _downloads(campaign)
        campaign.gis = gis_links(request, campaign, request.GET)
    return render(request, "workspace/campaign_list.html", {"campaigns": campaigns})
