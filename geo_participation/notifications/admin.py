"""The outbox in the admin: what was sent, skipped or is still waiting, and why it failed."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from . import tasks
from .models import Follow, Notification


class SentFilter(admin.SimpleListFilter):
    """Filter the outbox by what became of each mail."""

    title = gettext_lazy("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        """Return the choices: unsent, sent, skipped."""
        return [
            ("unsent", gettext_lazy("Unsent")),
            ("sent", gettext_lazy("Sent")),
            ("skipped", gettext_lazy("Skipped")),
        ]

    def queryset(self, request, queryset):
        """Return the rows of the chosen kind."""
        if self.value() == "unsent":
            return queryset.filter(sent_at__isnull=True, skipped="")
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "skipped":
            return queryset.exclude(skipped="")
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only outbox; unsent rows can be queued again at once."""

    list_display = [
        "id",
        "recipient",
        "change",
        "role",
        "language",
        "created_at",
        "sent_at",
        "skipped",
        "failed_attempts",
        "last_error",
    ]
    list_filter = [SentFilter, "role", "skipped"]
    list_select_related = ["recipient", "change"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        """Return False: rows come from decisions only."""
        return False

    def has_change_permission(self, request, obj=None):
        """Return False: the outbox is a record, not a form."""
        return False

    @admin.action(description=gettext_lazy("Queue the unsent among them again"))
    def send_again(self, request, queryset):
        """Queue the selected unsent notifications now (the worker also does it periodically)."""
        ids = queryset.filter(sent_at__isnull=True, skipped="").values_list("pk", flat=True)
        count = tasks.requeue(list(ids))
        messages.success(
            request,
            ngettext("%(count)d notification queued.", "%(count)d notifications queued.", count)
            % {"count": count},
        )


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Who follows which post."""

    list_display = ["id", "user", "submission", "language", "created_at"]
    raw_id_fields = ["user", "submission"]
