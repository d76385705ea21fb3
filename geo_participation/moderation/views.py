"""Moderators decide on waiting submissions here; the services do the writing."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import PointOnSurface
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from geo_participation.accounts.roles import is_moderator
from geo_participation.campaigns.models import Campaign
from geo_participation.errors import Rejected
from geo_participation.submissions.models import MAX_REASON_LENGTH

from . import selectors, services

# The oldest first, a page at a time: a moderator works from the top.
PAGE_SIZE = 50


def _require_moderator(request):
    if not is_moderator(request.user):
        raise PermissionDenied(_("Only moderators may open this page."))


def _chosen_campaign(request):
    slug = request.GET.get("campaign") or request.POST.get("campaign") or ""
    return Campaign.objects.filter(slug=slug).first() if slug else None


def _shown(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _map_data(items, campaigns) -> dict:
    """Return the waiting submissions as points and the campaign areas, as GeoJSON."""
    points = [
        {
            "type": "Feature",
            "id": item.pk,
            "geometry": json.loads(item.marker.geojson),
            "properties": {"id": item.pk, "colour": item.category.colour},
        }
        for item in items
    ]
    areas = [
        {"type": "Feature", "geometry": json.loads(c.area.geojson), "properties": {}}
        for c in campaigns
    ]
    return {
        "points": {"type": "FeatureCollection", "features": points},
        "areas": {"type": "FeatureCollection", "features": areas},
    }


@require_GET
@login_required
def queue(request):
    """Show the submissions waiting for a decision, oldest first, on a map and in a list."""
    _require_moderator(request)
    campaign = _chosen_campaign(request)
    waiting = selectors.moderation_queue(campaign=campaign)
    items = list(
        waiting.select_related("photo").annotate(marker=PointOnSurface("geom"))[:PAGE_SIZE]
    )
    for item in items:
        labels = {q["key"]: q.get("label", q["key"]) for q in item.category.questions}
        # Questions by their label, as the citizen saw them; answers as stored.
        item.answer_rows = [(labels.get(k, k), _shown(v)) for k, v in item.answers.items()]
    shown = [campaign] if campaign else list({i.campaign_id: i.campaign for i in items}.values())
    context = {
        "items": items,
        "total": waiting.count(),
        "campaign": campaign,
        "campaigns": Campaign.objects.order_by("title"),
        "map_data": _map_data(items, shown),
        "max_reason_length": MAX_REASON_LENGTH,
    }
    return render(request, "moderation/queue.html", context)


def _back(campaign):
    query = f"?{urlencode({'campaign': campaign.slug})}" if campaign else ""
    # The fragment moves the reader (and the keyboard focus start) to the outcome message.
    return redirect(f"{reverse('moderation')}{query}#gp-messages")


@require_POST
@login_required
def decide(request, pk):
    """Approve or reject one submission, then show the queue again with the outcome."""
    _require_moderator(request)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            services.submission_approve(
                submission_id=pk,
                moderator=request.user,
                seen_photo=services.parse_seen_photo(request.POST.get("photo")),
                require_photo=True,
            )
            messages.success(request, _("Submission #%(id)d approved.") % {"id": pk})
        elif decision == "reject":
            services.submission_reject(
                submission_id=pk, moderator=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Submission #%(id)d rejected.") % {"id": pk})
        else:
            messages.error(request, _("Choose to approve or to reject."))
    except Rejected as exc:
        messages.error(request, _("#%(id)d: %(problem)s") % {"id": pk, "problem": exc.detail})
    return _back(_chosen_campaign(request))
