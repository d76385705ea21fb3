"""The public results page of a campaign and its numbers as JSON.

A draft or unknown slug is 404 like every page. A published campaign whose results are not yet
visible (Campaign.results_visible: after the close, or earlier where staff switched it on) gets
a page saying when they come, without a number, and its JSON is refused with 403
"results_not_public"; so a number is never public before the campaign's rule allows it.
"""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from geo_participation.campaigns.models import Campaign, Kind
from heatmaps import api
from layers import http

from . import maps
from .sections import public_sections

# Public numbers change only when moderators publish; a minute in shared caches is harmless.
MAX_AGE = 60


def _tally(campaign):
    # Polls and votes (geo_participation.polls): their public tally, shown by polls/_results.html.
    return api.ballot_tally(campaign) if campaign.kind != Kind.MAP else None


def _sections(campaign) -> list[dict]:
    # Rated sections of reference layers (suppressed below k), where the campaign has any.
    return public_sections(campaign) if campaign.kind == Kind.MAP else []


@require_safe
def results_page(request, slug: str):
    """Show the campaign's public results, or when they will be shown."""
    campaign = get_object_or_404(Campaign, slug=slug)
    context = {"campaign": campaign, "visible": campaign.results_visible()}
    if context["visible"]:
        results = api.public_results(campaign) if campaign.kind == Kind.MAP else None
        layers = maps.map_layers(campaign, results["categories"]) if results else []
        context |= {
            "results": results,
            "layers": layers,
            "map_config": maps.map_config(request, campaign, layers) if layers else None,
            "tally": _tally(campaign),
            "sections": _sections(campaign),
        }
    return render(request, "results/page.html", context)


def _hidden(campaign) -> str:
    if campaign.closes_at is None:
        return _("The results of this campaign are not public yet.")
    return _("The results of this campaign are public from %(date)s, when it closes.") % {
        "date": date_format(localtime(campaign.closes_at), "DATETIME_FORMAT", use_l10n=True)
    }


@http.safe_only
def results_json(request, slug: str):
    """Answer the campaign's public numbers as JSON, the page's numbers; 403 while hidden."""
    campaign = http.campaign_by_slug(slug)
    if campaign is None:
        return http.campaign_not_found(slug)
    if not campaign.results_visible():
        closes = campaign.closes_at.isoformat() if campaign.closes_at else None
        return http.error(_hidden(campaign), "results_not_public", 403, public_from=closes)
    document = {
        "campaign": campaign.slug,
        "kind": campaign.kind,
        "closed": campaign.is_closed(),
        "closes_at": campaign.closes_at.isoformat() if campaign.closes_at else None,
        "summary": campaign.results_summary,
    }
    if campaign.kind == Kind.MAP:
        document |= _numbers(api.public_results(campaign))
        document["sections"] = _sections(campaign)
    tally = _tally(campaign)
    if tally is not None:
        document["poll"] = tally
    headers = http.caching_headers(max_age=MAX_AGE)
    return JsonResponse(document, headers=headers, json_dumps_params={"ensure_ascii": False})


def _numbers(results: dict) -> dict:
    """Return the public numbers as the JSON names them (None: fewer than k contributors)."""
    return {
        "k": results["k"],
        "posts": results["posts"],
        "contributors": results["contributors"],
        "categories": [
            {key: c[key] for key in ("key", "label", "sensitive", "posts")}
            for c in results["categories"]
        ],
        "statuses": results["statuses"],
        "answers": [
            {
                "category": a["category"],
                "status": a["status"],
                "answer": a["answer"],
                "responded_at": a["responded_at"].isoformat() if a["responded_at"] else None,
                "near": a["near"],
                "post": a["id"],
            }
            for a in results["answers"]
        ],
        "answers_total": results["answers_total"],
    }
