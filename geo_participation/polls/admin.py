"""Admin for poll questions with their options, and a read-only view of ballots."""

from django import forms
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Ballot, PollOption, PollQuestion
from .schema_changes import ballot_count, question_change_refusals


class OptionInlineFormSet(forms.BaseInlineFormSet):
    """Refuse removing (or re-keying) a stored option once ballots are stored (schema_changes)."""

    def clean(self):
        """Refuse, above the options, the removal of any stored option with ballots stored."""
        super().clean()
        question = self.instance
        if question.pk is None:
            return
        kept = {
            form.cleaned_data.get("key")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        stored = PollQuestion.objects.get(pk=question.pk)
        refusals = question_change_refusals(
            question=stored,
            kind=stored.kind,
            scale=(stored.scale_min, stored.scale_max),
            kept_options=kept,
        )
        if refusals.get("options"):
            raise forms.ValidationError(refusals["options"])


class PollQuestionAdminForm(forms.ModelForm):
    """Refuse a new key, kind or scale of a question once ballots are stored (schema_changes)."""

    def clean(self):
        """Put each refused change beside its field."""
        data = super().clean()
        if self.instance.pk is None:
            return data
        stored = PollQuestion.objects.get(pk=self.instance.pk)
        refusals = question_change_refusals(
            question=stored,
            kind=data.get("kind", stored.kind),
            scale=(data.get("scale_min"), data.get("scale_max")),
            kept_options={o.key for o in stored.options.all()},
            key=data.get("key", stored.key),
        )
        for field, messages in refusals.items():
            self.add_error("scale_min" if field == "scale" else field, messages)
        return data


class PollOptionInline(TranslationTabularInline):
    """A question's options; images are uploaded on the setup pages (re-encoded there)."""

    model = PollOption
    formset = OptionInlineFormSet
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
    form = PollQuestionAdminForm

    def has_delete_permission(self, request, obj=None):
        """Return False for a question of a campaign with ballots: their answers need it."""
        if obj is not None and ballot_count(obj.campaign):
            return False
        return super().has_delete_permission(request, obj)


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
