"""Moderation in the Django admin: a filterable queue with a map, approve and reject actions,
and each post's history."""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.gis.admin import GISModelAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from geo_participation.errors import Rejected
from geo_participation.submissions.models import MAX_REASON_LENGTH, Submission, SubmissionChange
from geo_participation.widgets import LocalMapWidget

from . import services


class ModerationActionForm(ActionForm):
    """The admin's action form, with the reason a rejection needs."""

    reason = forms.CharField(
        required=False,
        max_length=MAX_REASON_LENGTH,
        label=gettext_lazy("Reason (required to reject)"),
    )


class ChangeInline(admin.TabularInline):
    """The post's history (who decided what, when), read-only: it is a record, not a form."""

    model = SubmissionChange
    fields = ["created_at", "actor", "kind", "public_status", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        """Refuse adding history by hand: the services write it with each decision."""
        return False


@admin.register(Submission)
class SubmissionAdmin(GISModelAdmin):
    """The moderation queue in the admin: read-only submissions, approved or rejected by action."""

    gis_widget = LocalMapWidget
    action_form = ModerationActionForm
    actions = ["approve", "reject"]
    inlines = [ChangeInline]
    list_display = [
        "id",
        "campaign",
        "category",
        "status",
        "public_status",
        "created_at",
        "support_count",
    ]
    list_filter = ["status", "public_status", "campaign", "category"]
    search_fields = ["comment"]
    date_hierarchy = "created_at"
    list_select_related = ["campaign", "category"]
    # Moderation state changes only through the actions, which go through the services.
    readonly_fields = [
        "campaign",
        "category",
        "comment",
        "answers",
        "author",
        "status",
        "moderated_by",
        "moderated_at",
        "moderation_reason",
        "public_status",
        "answer",
        "responded_at",
        "created_at",
        "support_count",
    ]
    fields = ["geom", *readonly_fields]

    def has_add_permission(self, request):
        """Refuse adding submissions in the admin."""
        # Submissions arrive through the intake API, where every check is applied.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Return the form with the geometry read-only, drawn over the campaign's area."""
        form = super().get_form(request, obj, change=change, **kwargs)
        geom = form.base_fields.get("geom")
        if geom is not None:
            geom.disabled = True  # shown on the map, never edited here
            if obj is not None:
                geom.widget.attrs["context"] = json.loads(obj.campaign.area.geojson)
        return form

    def _moderate(self, request, queryset, action, **extra):
        done = 0
        for submission_id in queryset.values_list("pk", flat=True):
            try:
                action(submission_id=submission_id, moderator=request.user, **extra)
                done += 1
            except Rejected as exc:
                self.message_user(request, f"#{submission_id}: {exc.detail}", messages.WARNING)
        return done

    @admin.action(description=gettext_lazy("Approve selected submissions"), permissions=["change"])
    def approve(self, request, queryset):
        """Approve the selected submissions through the service, reporting each refusal."""
        done = self._moderate(request, queryset, services.submission_approve)
        self.message_user(
            request,
            ngettext("Approved %(count)d submission.", "Approved %(count)d submissions.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Reject selected submissions (with the reason)"),
        permissions=["change"],
    )
    def reject(self, request, queryset):
        """Reject the selected submissions with the form's reason; refuse without one."""
        try:
            # The reason field's own checks (length, no NUL); the rest of the form is admin's.
            reason = ModerationActionForm.base_fields["reason"].clean(request.POST.get("reason"))
        except ValidationError:
            reason = ""
        if not reason.strip():
            self.message_user(request, _("Give a reason to reject."), messages.ERROR)
            return
        done = self._moderate(request, queryset, services.submission_reject, reason=reason.strip())
        self.message_user(
            request,
            ngettext("Rejected %(count)d submission.", "Rejected %(count)d submissions.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    def get_queryset(self, request):
        """Return the submissions without their Web Mercator copy, which the admin never shows."""
        return super().get_queryset(request).defer("geom_3857")
