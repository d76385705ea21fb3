"""Which reference texts exist in German and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import ReferenceFeature, ReferenceLayer


@register(ReferenceLayer)
class ReferenceLayerTranslation(TranslationOptions):
    """A layer's name."""

    fields = ("name",)


@register(ReferenceFeature)
class ReferenceFeatureTranslation(TranslationOptions):
    """A section's name and description."""

    fields = ("name", "description")
