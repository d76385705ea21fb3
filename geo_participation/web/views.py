"""Citizen pages: campaign list, campaign map with the add form, add without a map, list, post."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from geo_participation.accounts.roles import may_respond
from geo_participation.campaigns.models import Campaign, Category, Kind
from geo_participation.campaigns.selectors import public_statuses
from geo_participation.clients import client_id, known_client_id
from geo_participation.errors import Rejected
from geo_participation.polls.views import poll_page
from geo_participation.references.selectors import rated_sections
from geo_participation.submissions import selectors
from geo_participation.submissions.services import check_may_participate

from .fields import answer_labels, answer_rows, question_fields
from .markers import category_markers
from .rating import has_sections, rating_config, rating_form
from .strings import script_strings
from .style import map_style

PAGE_SIZE = 20
CATEGORIES = Prefetch("categories", queryset=Category.objects.order_by("position", "key"))


def _campaign(slug: str) -> Campaign:
    return get_object_or_404(Campaign.objects.prefetch_related(CATEGORIES), slug=slug)


def _may_submit(request, campaign) -> tuple[bool, str]:
    """Return whether this visitor may submit now, and else the refusal's code."""
    # The intake's own check, so the page never offers a form the API would refuse.
    try:
        check_may_participate(campaign=campaign, user=request.user)
    except Rejected as refusal:
        return False, refusal.code
    return True, ""


def _script_config(campaign, categories, markers) -> dict:
    slug = campaign.slug
    return {
        "slug": slug,
        "styleUrl": reverse("web:style", kwargs={"slug": slug}),
        "submissionsUrl": reverse("campaign-submissions", kwargs={"slug": slug}),
        "nearbyUrl": reverse("campaign-submissions-nearby", kwargs={"slug": slug}),
        "placesUrl": reverse("place-search"),
        # Placeholders replaced by the scripts; 0 keeps reverse() happy.
        "supportUrl": reverse("submission-support", kwargs={"pk": 0}).replace("/0/", "/{id}/"),
        "followUrl": reverse("notifications:follow", kwargs={"pk": 0}).replace("/0/", "/{id}/"),
        "loginUrl": reverse("account_login"),
        "itemUrl": reverse("ogcapi:item", args=[slug, "0"])[:-1] + "{id}",
        "bounds": [round(v, 6) for v in campaign.area.extent],
        # For the check in the browser before sending (the server checks again).
        "area": json.loads(campaign.area.geojson),
        # The model names no city or district: residents read the campaign's title.
        "areaName": campaign.area_name or campaign.title,
        "categories": {
            c.key: {
                "label": c.label,
                "geometry": c.geojson_type,
                "questions": answer_labels(c),
            }
            for c in categories
        },
        "markers": {key: marker.as_json() for key, marker in markers.items()},
        "strings": script_strings(named_area=bool(campaign.area_name)),
        "maxZoom": settings.GP_TILE_MAX_ZOOM,
        "singleFromZoom": settings.GP_TILE_AGGREGATE_BELOW_ZOOM,
    }


def _rated(request, campaign) -> list[int]:
    return rated_sections(campaign=campaign, user=request.user, client_id=known_client_id(request))


def _form_context(request, campaign) -> dict:
    categories = list(campaign.categories.all())
    markers = category_markers(categories)
    may_submit, reason = _may_submit(request, campaign)
    # A campaign with reference sections asks for ratings of them instead of free places.
    rating = rating_form(categories, markers) if has_sections(campaign) else None
    return {
        "campaign": campaign,
        "categories": [
            {"category": c, "marker": markers[c.key], "questions": question_fields(c)}
            for c in categories
        ],
        "markers": markers,
        "may_submit": may_submit,
        "not_allowed_reason": reason,
        "max_comment_length": settings.GP_MAX_COMMENT_LENGTH,
        "rating": rating,
        "config": {
            **_script_config(campaign, categories, markers),
            **(rating_config(campaign, rated=_rated(request, campaign)) if rating else {}),
            "maySubmit": may_submit,
            "notAllowedReason": reason,
            # Only whether to offer "Follow" or the hint to sign in; the API decides.
            "signedIn": request.user.is_authenticated,
        },
    }


@require_safe
def campaign_list(request):
    """Show every campaign, open ones first."""
    campaigns = list(Campaign.objects.order_by("-opens_at", "slug"))
    campaigns.sort(key=lambda c: not c.is_open())
    return render(request, "web/campaign_list.html", {"campaigns": campaigns})


def _form_page(request, slug, template: str):
    campaign = _campaign(slug)
    if campaign.kind != Kind.MAP:
        # A poll takes no posts; its ballot form is its campaign page.
        return redirect("web:campaign", slug=campaign.slug)
    if template == "web/campaign_add.html" and has_sections(campaign):
        # Its sections are rated on the map (or from its list); it takes no free posts.
        return redirect("web:campaign", slug=campaign.slug)
    # Hand out the anonymous client cookie now: the visitor's first submission and "me too"
    # then belong to them, and their pending submissions show up on reload.
    client_id(request)
    return render(request, template, _form_context(request, campaign))


@require_safe
@ensure_csrf_cookie
def campaign_map(request, slug):
    """Show the campaign's map with its legend and the add form; a poll's or vote's ballot."""
    campaign = _campaign(slug)
    if campaign.kind != Kind.MAP:
        return poll_page(request, campaign)
    return _form_page(request, slug, "web/campaign_map.html")


@require_safe
@ensure_csrf_cookie
def campaign_add(request, slug):
    """Show the add form without a map: a place search, coordinates, or the device's location."""
    return _form_page(request, slug, "web/campaign_add.html")


@require_safe
def campaign_style(request, slug):
    """Answer the MapLibre style of the campaign's map."""
    campaign = _campaign(slug)
    markers = category_markers(campaign.categories.all())
    return JsonResponse(map_style(request, campaign, markers))


def page_of(request, items):
    """Return the requested page of items (?page=), or 404 for a page that is not one."""
    raw = request.GET.get("page", "1")
    try:
        return Paginator(items, PAGE_SIZE, allow_empty_first_page=True).page(raw)
    except PageNotAnInteger as exc:
        raise Http404(_("The page number must be a whole number.")) from exc
    except EmptyPage as exc:
        raise Http404(_("There is no such page.")) from exc


def _status_filter(request, campaign) -> tuple[tuple[str, ...] | None, str]:
    """Return the chosen statuses of ?public_status= (None: all), and else the refusal."""
    try:
        return selectors.parse_public_status(campaign, request.GET.get("public_status")), ""
    except Rejected as refusal:
        return None, str(refusal.detail)


def _row(submission, categories: dict, markers: dict) -> dict:
    """Return what a post's card shows, at the position the viewer may see."""
    category = categories[submission.category_id]
    place = submission.out_geom.point_on_surface
    return {
        "submission": submission,
        "category": category,
        "marker": markers[category.key],
        "answers": answer_rows(category, submission.answers),
        "lat": round(place.y, 5),
        "lon": round(place.x, 5),
    }


def _visible(request, campaign, public_status=None):
    # The public read path: published posts, and the visitor's own pending ones.
    return selectors.submission_list(
        campaign=campaign,
        viewer=request.user,
        client_id=known_client_id(request),
        public_status=public_status,
    )


@require_safe
def submission_list(request, slug):
    """List the campaign's published submissions (and the visitor's own pending ones)."""
    campaign = _campaign(slug)
    categories = {c.pk: c for c in campaign.categories.all()}
    markers = category_markers(categories.values())
    chosen, status_error = _status_filter(request, campaign)
    page = page_of(request, _visible(request, campaign, public_status=chosen))
    rows = [_row(submission, categories, markers) for submission in page.object_list]
    context = {
        "campaign": campaign,
        "page": page,
        "rows": rows,
        "statuses": public_statuses(campaign),
        "chosen_status": ",".join(chosen or ()),
        "page_query": urlencode({"public_status": ",".join(chosen)}) if chosen else "",
        "status_error": status_error,
        # Where residents rate sections there is no free post to add without the map.
        "may_add": campaign.is_open() and not has_sections(campaign),
        # Staff get a link to each post's status and answer.
        "may_respond": may_respond(request.user),
    }
    status = 400 if status_error else 200
    return render(request, "web/submission_list.html", context, status=status)


@require_safe
def post_detail(request, slug, pk):
    """Show one post: what the list shows of it, on its own page that mails and lists link to."""
    campaign = _campaign(slug)
    submission = _visible(request, campaign).filter(pk=pk).first()
    if submission is None:
        # Unpublished posts of others, rejected ones and other campaigns' posts alike.
        raise Http404(_("There is no published post with this number in this campaign."))
    categories = {c.pk: c for c in campaign.categories.all()}
    markers = category_markers(categories.values())
    row = _row(submission, categories, markers)
    context = {"campaign": campaign, "row": row, "may_respond": may_respond(request.user)}
    return render(request, "web/post_detail.html", context)
