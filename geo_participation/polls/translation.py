"""Which poll texts exist in German and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import PollOption, PollQuestion


@register(PollQuestion)
class PollQuestionTranslation(TranslationOptions):
    """A question's label and help text."""

    fields = ("label", "help")


@register(PollOption)
class PollOptionTranslation(TranslationOptions):
    """An option's label and its image's alt text."""

    fields = ("label", "alt_text")
