"""Admin for campaigns and their categories, with the self-served map widget."""

import json

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.forms.models import BaseInlineFormSet
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from geo_participation.widgets import LocalMapWidget

from .models import INITIAL_PUBLIC_STATUS, Campaign, Category, PublicStatus
from .setup.services import check_status_removable

# Translated fields (campaigns/translation.py) are edited in both languages: "label" stands
# for label_de and label_en in the forms below.


class CategoryInline(TranslationStackedInline):
    """Categories edited inside their campaign, question schema included."""

    model = Category
    extra = 0
    fields = [
        *("key", "label", "geometry_kind", "colour", "symbol", "sensitive", "position"),
        "questions",
    ]


class PublicStatusFormSet(BaseInlineFormSet):
    """Refuse to remove a status posts still have, or the one every new post starts in."""

    def clean(self):
        """Check that no removed or renamed status is still needed."""
        super().clean()
        for form in self.forms:
            old = form.initial.get("key")
            if not old:
                continue
            gone = self.can_delete and self._should_delete_form(form)
            if not gone and form.cleaned_data.get("key") == old:
                continue
            # A renamed key is a removed one for the status every post starts in.
            if gone or old == INITIAL_PUBLIC_STATUS:
                check_status_removable(campaign=self.instance, key=old)


class PublicStatusInline(TranslationTabularInline):
    """The campaign's public statuses, in their order (every post starts "received")."""

    model = PublicStatus
    formset = PublicStatusFormSet
    extra = 0
    fields = ["position", "key", "label"]
    ordering = ["position", "key"]


@admin.register(Campaign)
class CampaignAdmin(TranslationAdmin, GISModelAdmin):
    """Admin of campaigns, drawing the area on the self-served map."""

    gis_widget = LocalMapWidget
    list_display = [
        "title",
        "slug",
        "draft",
        "opens_at",
        "closes_at",
        "participation",
        "moderation",
    ]
    list_filter = ["draft", "participation", "moderation"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CategoryInline, PublicStatusInline]

    def get_queryset(self, request):
        """Return every campaign, drafts included (Campaign.objects leaves them out)."""
        return Campaign.all_objects.get_queryset()

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Return the form, with the stored area drawn as context on the map."""
        form = super().get_form(request, obj, change=change, **kwargs)
        # A draft may have no area yet.
        if obj is not None and obj.area is not None and "area" in form.base_fields:
            form.base_fields["area"].widget.attrs["context"] = json.loads(obj.area.geojson)
        return form
