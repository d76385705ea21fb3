"""Which campaign texts exist in German and English (django-modeltranslation), and how to read
them in SQL.

Each registered field gets a column per language (title_de, title_en); reading `campaign.title`
gives the active language's text, or else the German one, or else the English one
(settings.MODELTRANSLATION_FALLBACK_LANGUAGES). Question schemas (Category.questions, JSON)
hold their English themselves, as "label_en" beside "label" (campaigns.questions.label_of).
"""

from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname, resolution_order

from .models import Campaign, Category, PublicStatus

FALLBACK_LANGUAGE = "de"


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    """A campaign's title, description, area name and results summary."""

    fields = ("title", "description", "area_name", "results_summary")


@register(Category)
class CategoryTranslation(TranslationOptions):
    """A category's label."""

    fields = ("label",)


@register(PublicStatus)
class PublicStatusTranslation(TranslationOptions):
    """A public status's label ("Geplant", "Planned")."""

    fields = ("label",)


def localized(path: str):
    """Return an expression for a translated field along a lookup path, e.g. category__label.

    For annotations and values(), where modeltranslation does not rewrite names: the first
    non-empty text in modeltranslation's order for the active language (the active language,
    then German, then English). The field's own column holds whichever language was active
    when the row was last saved, so it is never read directly.
    """
    language = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    texts = [
        NullIf(F(build_localized_fieldname(path, code)), Value(""))
        for code in resolution_order(language)
    ]
    # Text either way; Django cannot tell two TranslationCharFields apart without being told.
    return Coalesce(*texts, Value(""), output_field=TextField())
