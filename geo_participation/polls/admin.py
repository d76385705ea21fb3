"""Admin for poll questions with their options, and a read-only view of ballots."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Ballot, PollOption, PollQuestion


class PollOptionInline(TranslationTabularInline):
    """A question's options; images are uploaded on the setup pages (re-encoded there)."""

    model = PollOption
    extra = 0
    fields = ["position", "key", "label", "alt_text", "image"]
    readonly_fields = ["image"]


@admin.register(PollQuestion)
class PollQuestionAdmin(TranslationAdmin):
    """Questions of polls and votes, options inline."""

    list_display = ["campaign", "position", "key", "label", "kind", "required", "max_choices"]
    list_filter = ["kind", "campaign"]
    search_fields = ["key", "label", "campaign__slug"]
    inlines = [PollOptionInline]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    """Ballots, read only: they change only through the ballot form or API (services)."""

    list_display = ["id", "campaign", "user", "created_at", "updated_at"]
    list_filter = ["campaign"]
    readonly_fields = ["campaign", "user", "client_id", "answers", "created_at", "updated_at"]

    def has_add_permission(self, request):
        """Return False: ballots are cast by residents, never made in the admin."""
        return False

    def has_change_permission(self, request, obj=None):
        """Return False: a person's answers are theirs to change."""
        return False
