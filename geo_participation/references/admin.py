"""Admin of reference layers and their sections, with the self-served map widget.

Uploading and splitting happen on the setup page (/einrichten/<slug>/referenzen/); here staff
rename, reorder, correct a section's geometry or delete what has no ratings.
"""

from django.contrib import admin, messages
from django.contrib.gis.admin import GISModelAdmin
from django.db.models import RestrictedError
from django.utils.translation import gettext as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from geo_participation.widgets import LocalMapWidget

from .models import ReferenceFeature, ReferenceLayer


class SectionInline(TranslationTabularInline):
    """The layer's sections by name and number (geometry on each section's own page)."""

    model = ReferenceFeature
    extra = 0
    fields = ["position", "name", "section"]
    show_change_link = True
    can_delete = False


@admin.register(ReferenceLayer)
class ReferenceLayerAdmin(TranslationAdmin):
    """Reference layers, by campaign."""

    list_display = ["name", "campaign", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name", "campaign__slug"]
    readonly_fields = ["kind"]
    inlines = [SectionInline]

    def delete_model(self, request, obj):
        """Delete the layer, or say why it stays (its sections have ratings)."""
        try:
            obj.delete()
        except RestrictedError:
            messages.error(request, _("The layer has ratings; it stays."))

    def delete_queryset(self, request, queryset):
        """Delete the chosen layers one by one; those with ratings stay, said so."""
        for layer in queryset:
            self.delete_model(request, layer)


@admin.register(ReferenceFeature)
class ReferenceFeatureAdmin(TranslationAdmin, GISModelAdmin):
    """One section: names, description and geometry on the self-served map."""

    gis_widget = LocalMapWidget
    list_display = ["name", "section", "layer", "campaign"]
    list_filter = ["layer__kind"]
    search_fields = ["name", "campaign__slug"]
    readonly_fields = ["layer", "campaign"]
    exclude = ["geom_3857"]
