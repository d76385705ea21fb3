"""The setup pages: thin views over forms.py and services.py, each answering with PRG."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from geo_participation.accounts.roles import is_campaign_manager
from geo_participation.campaigns.models import Campaign
from geo_participation.campaigns.selectors import campaign_by_slug

from . import area, maps, services
from .forms import AreaForm, CampaignForm, StatusFormSet

# Room for the form's other fields and the multipart boundaries around the file.
MULTIPART_OVERHEAD = 64 * 1024


def _require_manager(request) -> None:
    if not is_campaign_manager(request.user):
        raise PermissionDenied(_("Only campaign managers may open this page."))


def managed_campaign(request, slug: str) -> Campaign:
    """Return the campaign (drafts included) for a campaign manager; 404 for anyone else."""
    # 404, not 403: a draft's address must not tell anyone else that it exists.
    if not is_campaign_manager(request.user):
        raise Http404
    campaign = campaign_by_slug(slug, queryset=Campaign.all_objects.all())
    if campaign is None:
        raise Http404
    return campaign


def _refused(request, template: str, context: dict):
    # 400: the page is shown again with the errors next to their fields, nothing stored.
    return render(request, template, context, status=400)


@login_required
def campaign_list(request):
    """List every campaign, drafts marked, with links to set each up."""
    _require_manager(request)
    campaigns = Campaign.all_objects.order_by("-draft", "-opens_at", "slug")
    return render(request, "setup/list.html", {"campaigns": campaigns})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_create(request):
    """Create a draft campaign from the form, then go on to its area."""
    _require_manager(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            campaign = services.campaign_create(fields=form.cleaned_data)
            messages.success(request, _("The draft campaign was created. Now set its area."))
            return redirect("setup:area", slug=campaign.slug)
        return _refused(request, "setup/campaign_form.html", {"form": form, "campaign": None})
    return render(request, "setup/campaign_form.html", {"form": form, "campaign": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_edit(request, slug):
    """Edit a campaign's texts, dates, rules and public statuses."""
    campaign = managed_campaign(request, slug)
    data = request.POST if request.method == "POST" else None
    form = CampaignForm(data, instance=campaign)
    statuses = StatusFormSet(data, campaign=campaign)
    context = {"form": form, "statuses": statuses, "campaign": campaign}
    if request.method != "POST":
        return render(request, "setup/campaign_form.html", context)
    if not (form.is_valid() and statuses.is_valid()):
        return _refused(request, "setup/campaign_form.html", context)
    try:
        campaign = services.campaign_update(
            campaign=campaign, fields=form.cleaned_data, statuses=statuses.rows()
        )
    except ValidationError as refusal:
        if hasattr(refusal, "error_dict"):  # by field: beside the field it names
            for name, errors in refusal.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            statuses.refuse(refusal)
        return _refused(request, "setup/campaign_form.html", context)
    messages.success(request, _("The campaign was saved."))
    return redirect("setup:edit", slug=campaign.slug)


def _draw_strings() -> dict:
    return {
        "drawing": _("Drawing: click each corner on the map, then the first corner again."),
        "drawn": _("Areas drawn: %(count)s. Save the area to keep them."),
    }


def _too_big(request) -> bool:
    # Refused by its declared length, unread (http_limits leaves multipart bodies to their view).
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.GP_AREA_UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_area(request, slug):
    """Set the campaign's area, drawn on the map or uploaded as a GIS file."""
    campaign = managed_campaign(request, slug)
    context = {
        "campaign": campaign,
        "map": maps.map_config(request, campaign),
        "draw_strings": _draw_strings(),
    }
    if request.method == "POST" and _too_big(request):
        context["form"] = form = AreaForm(campaign=campaign)
        form.errors["file"] = form.error_class([area.too_big_message()])
        return render(request, "setup/area.html", context, status=413)
    form = context["form"] = AreaForm(
        request.POST or None, request.FILES or None, campaign=campaign
    )
    if request.method != "POST":
        return render(request, "setup/area.html", context)
    if not form.is_valid():
        return _refused(request, "setup/area.html", context)
    try:
        services.campaign_set_area(campaign=campaign, area=form.cleaned_data["area"])
    except ValidationError as refusal:
        form.add_error(form.area_field(), refusal)
        return _refused(request, "setup/area.html", context)
    messages.success(request, _("The area was saved."))
    return redirect("setup:area", slug=campaign.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_publish(request, slug):
    """Show the checklist; publish (or take back to draft) on request."""
    campaign = managed_campaign(request, slug)
    context = {
        "campaign": campaign,
        "checklist": services.publish_checklist(campaign),
        # Back to draft is offered only while it can work (services.campaign_unpublish).
        "has_posts": campaign.submissions.exists(),
    }
    if request.method != "POST":
        return render(request, "setup/publish.html", context)
    try:
        if request.POST.get("action") == "unpublish":
            services.campaign_unpublish(campaign=campaign)
            messages.success(request, _("The campaign is a draft again and no longer public."))
        else:
            services.campaign_publish(campaign=campaign)
            messages.success(request, _("The campaign is published."))
    except ValidationError as refusal:
        context["refusal"] = " ".join(refusal.messages)
        return _refused(request, "setup/publish.html", context)
    return redirect("setup:publish", slug=campaign.slug)
