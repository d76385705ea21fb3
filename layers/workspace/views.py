"""The planners' pages: the campaigns (/auswertung/) and one campaign's map (/auswertung/{slug}/),
or, for a poll or vote, its exact tally (layers.workspace.polls).

Both are for planners only (roles.is_planner): anonymous visitors go to the login, everyone else
gets 403. The map page reads everything from the delivery endpoints with the planner's session;
this module checks the page's request and lays out what the template shows.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from geo_participation.accounts.roles import is_planner
from geo_participation.campaigns.models import Campaign, Kind
from geo_participation.campaigns.selectors import campaign_by_slug, public_statuses
from heatmaps import api, filters

from . import charts, forms, maps
from .downloads import downloads
from .gis import gis_links
from .polls import poll_page
from .query import parse


def planners_only(view):
    """Let planners in; send anonymous visitors to the login and refuse others (403)."""

    @require_safe
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_planner(request.user):
            raise PermissionDenied(_("Only planners may open this page."))
        return view(request, *args, **kwargs)

    return wrapped


@planners_only
def campaign_list(request):
    """Show every campaign with its counts and its page: map campaigns with their posts and a
    sparkline of posts per week, polls and votes with their ballots."""
    campaigns = list(Campaign.objects.order_by("-opens_at", "slug"))
    map_campaigns = [campaign for campaign in campaigns if campaign.kind == Kind.MAP]
    polls = [campaign for campaign in campaigns if campaign.kind != Kind.MAP]
    counts = api.campaign_counts(map_campaigns)
    ballots = api.ballot_counts(polls)
    everything = filters.Filters()
    rows = []
    for campaign in campaigns:
        if campaign.kind != Kind.MAP:
            rows.append({"campaign": campaign, "ballots": ballots[campaign.pk]})
            continue
        rows.append(
            {
                "campaign": campaign,
                "counts": counts[campaign.pk],
                "statuses": _statuses(campaign, counts[campaign.pk]["by_status"]),
                "sparkline": charts.sparkline(api.weekly_counts(campaign, everything)),
            }
        )
    return render(request, "workspace/campaign_list.html", {"rows": rows})


@planners_only
def campaign_map(request, slug: str):
    """Show one campaign's map with the filter form, layers, charts and downloads."""
    campaign = campaign_by_slug(slug)
    if campaign is None:
        raise Http404(_("There is no such campaign."))
    if campaign.kind != Kind.MAP:
        return poll_page(request, campaign)
    checked = parse(campaign, request.GET)
    context = {
        "campaign": campaign,
        "form": forms.filter_form(campaign, request.GET, checked),
        "checked": checked,
        "errors": checked.errors,
        "page_url": reverse("workspace-campaign", kwargs={"slug": campaign.slug}),
    }
    if checked.errors:
        # Nothing is drawn or offered for a filter that cannot be applied: the form says why.
        return render(request, "workspace/campaign_map.html", context, status=400)
    query = checked.query()
    context |= {
        "map_config": maps.map_config(request, campaign, checked),
        "switches": maps.switches(campaign),
        "downloads": downloads(campaign, checked),
        "report_url": reverse("reports:report", kwargs={"slug": campaign.slug})
        + (f"?{query}" if query else ""),
        "charts": charts.for_campaign(campaign, checked.chosen),
        "gis_links": gis_links(request, campaign, checked.page_query()),
    }
    return render(request, "workspace/campaign_map.html", context)


def _statuses(campaign, by_status: dict) -> list[tuple[str, int]]:
    """Return (label, count) of the campaign's public statuses, in their order."""
    labels = {status.key: status.label for status in public_statuses(campaign)}
    return [(labels.get(key, key), n) for key, n in by_status.items()]
