"""The reference layers' setup page /einrichten/<slug>/referenzen/: list, upload, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from geo_participation.campaigns.models import Kind
from geo_participation.campaigns.setup import area
from geo_participation.campaigns.setup.views import managed_campaign

from . import services, upload
from .forms import LayerForm

TEMPLATE = "references/setup.html"


def _map_campaign(request, slug):
    """Return the managed map campaign; a poll's or vote's reference layers would show nowhere."""
    campaign = managed_campaign(request, slug)
    if campaign.kind != Kind.MAP:
        raise Http404(_("Polls and votes have no reference layers."))
    return campaign


def _page(request, campaign, form, *, status=200, refused_layer=None, refusal=""):
    layers = campaign.reference_layers.annotate(
        sections=Count("features", distinct=True),
        ratings=Count("features__ratings", distinct=True),
    ).order_by("position", "id")
    context = {
        "campaign": campaign,
        "layers": layers,
        "form": form,
        "refused_layer": refused_layer,
        "refusal": refusal,
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def layer_list(request, slug):
    """List the campaign's reference layers; store an uploaded one."""
    campaign = _map_campaign(request, slug)
    form = LayerForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _page(request, campaign, form)
    if not form.is_valid():
        return _page(request, campaign, form, status=400)
    data = form.cleaned_data
    try:
        with area.uploaded(data["file"]) as path:
            kind, sources = upload.read_sources(
                path,
                layer=data["layer"] or None,
                name_column=data["name_column"],
                description_column=data["description_column"],
            )
        upload.check_inside(campaign, sources)
        sections = upload.split_sections(
            kind=kind,
            sources=sources,
            split=data["split"],
            metres=data["split_m"],
            srid=upload.utm_srid(campaign),
        )
        services.layer_create(
            campaign=campaign,
            name_de=data["name_de"],
            name_en=data["name_en"],
            kind=kind,
            sections=sections,
        )
    except ValidationError as refusal:
        form.refuse(refusal)
        return _page(request, campaign, form, status=400)
    messages.success(
        request,
        _("The layer “%(name)s” was saved with %(count)d sections.")
        % {"name": data["name_de"], "count": len(sections)},
    )
    return redirect("setup:references", slug=campaign.slug)


@login_required
@require_POST
def layer_delete(request, slug, pk):
    """Delete a layer without ratings; a layer with ratings stays, said beside it."""
    campaign = _map_campaign(request, slug)
    layer = campaign.reference_layers.filter(pk=pk).first()
    if layer is None:
        raise Http404
    try:
        services.layer_delete(layer=layer)
    except ValidationError as refusal:
        refusal_text = " ".join(refusal.messages)
        return _page(
            request, campaign, LayerForm(), status=400, refused_layer=layer.pk, refusal=refusal_text
        )
    messages.success(request, _("The layer “%(name)s” was deleted.") % {"name": layer.name})
    return redirect("setup:references", slug=campaign.slug)
