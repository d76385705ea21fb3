"""Admin for campaigns and their categories, with the self-served map widget."""

import json

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from geo_participation.widgets import LocalMapWidget

from .models import INITIAL_PUBLIC_STATUS, Campaign, Category, PublicStatus


class CategoryInline(admin.StackedInline):
    """Categories edited inside their campaign, question schema included."""

    model = Category
    extra = 0
    fields = ["key", "label", "geometry_kind", "colour", "sensitive", "position", "questions"]


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
            if old == INITIAL_PUBLIC_STATUS:
                raise ValidationError(
                    _("The status “%(key)s” is where every new post starts; keep it.")
                    % {"key": old}
                )
            # Through the campaign's reverse relation: campaigns does not import submissions.
            if gone and self.instance.submissions.filter(public_status=old).exists():
                raise ValidationError(
                    _("Posts still have the status “%(key)s”; give them another one first.")
                    % {"key": old}
                )


class PublicStatusInline(admin.TabularInline):
    """The campaign's public statuses, in their order (every post starts "received")."""

    model = PublicStatus
    formset = PublicStatusFormSet
    extra = 0
    fields = ["position", "key", "label"]
    ordering = ["position", "key"]


@admin.register(Campaign)
class CampaignAdmin(GISModelAdmin):
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
