"""Admin for campaigns and their categories, with the self-served map widget."""

import json

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from geo_participation.widgets import LocalMapWidget

from .models import Campaign, Category, PublicStatus

# Translated fields (campaigns/translation.py) are edited in both languages: "label" stands
# for label_de and label_en in the forms below.


class CategoryInline(TranslationStackedInline):
    """Categories edited inside their campaign, question schema included."""

    model = Category
    extra = 0
    fields = ["key", "label", "geometry_kind", "colour", "sensitive", "position", "questions"]


class PublicStatusInline(TranslationTabularInline):
    """The campaign's public statuses, in order; the first is where every post starts."""

    model = PublicStatus
    extra = 0
    fields = ["key", "label", "position"]
    # Posts reference their status by a foreign key (a renamed key follows along); a status in
    # use cannot be deleted, so the admin offers no delete here.
    can_delete = False


@admin.register(Campaign)
class CampaignAdmin(TranslationAdmin, GISModelAdmin):
    """Admin of campaigns, drawing the area on the self-served map."""

    gis_widget = LocalMapWidget
    list_display = ["title", "slug", "opens_at", "closes_at", "participation", "moderation"]
    list_filter = ["participation", "moderation"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CategoryInline, PublicStatusInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Return the form, with the stored area drawn as context on the map."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "area" in form.base_fields:
            form.base_fields["area"].widget.attrs["context"] = json.loads(obj.area.geojson)
        return form
