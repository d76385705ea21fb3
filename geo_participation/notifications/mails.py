"""The notification mail: subject, text and HTML in the recipient's language."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from geo_participation.campaigns.models import PublicStatus
from geo_participation.submissions.models import ChangeKind

from . import links
from .models import Notification, Role


def _subject(notification: Notification, status_label: str) -> str:
    kind = notification.change.kind
    if kind == ChangeKind.APPROVED:
        text = _("Your post has been published")
    elif kind == ChangeKind.REJECTED:
        text = _("Your post was not published")
    elif notification.role == Role.AUTHOR:
        text = _("News about your post: %(status)s") % {"status": status_label}
    else:
        text = _("News about a post you follow: %(status)s") % {"status": status_label}
    # The account mails' prefix (GP_EMAIL_SUBJECT_PREFIX, else the site's name): one rule for
    # every mail we send, never the host.
    return get_adapter().format_email_subject(text)


def _status_label(change) -> str:
    if change.kind != ChangeKind.RESPONDED:
        return ""
    label = PublicStatus.objects.filter(
        campaign_id=change.submission.campaign_id, key=change.public_status
    ).values_list("label", flat=True)
    return label.first() or change.public_status


def _context(notification: Notification, status_label: str) -> dict:
    change = notification.change
    submission = change.submission
    ids = {"user_id": notification.recipient_id, "submission_id": submission.pk}
    return {
        "kind": change.kind,
        "role": notification.role,
        "site_name": settings.GP_SITE_NAME,
        "campaign": submission.campaign.title,
        "category": submission.category.label,
        "status_label": status_label,
        "text": change.text,
        "post_url": links.post_url(submission),
        "unsubscribe_url": links.unsubscribe_url(**ids),
        "settings_url": links.absolute(reverse("notifications:settings")),
        # "Meine Beiträge": a rejected post is shown there, with its reason, to its author only.
        "mine_url": links.absolute(reverse("web:mine")),
    }


def build_message(notification: Notification, *, address: str) -> EmailMultiAlternatives:
    """Return the mail for the notification, rendered in the language it was asked in."""
    change = notification.change
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        status_label = _status_label(change)
        context = _context(notification, status_label)
        subject = _subject(notification, status_label)
        text = render_to_string("notifications/mail/message.txt", context)
        html = render_to_string("notifications/mail/message.html", context)
    one_click = links.one_click_url(
        user_id=notification.recipient_id, submission_id=change.submission_id
    )
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[address],
        headers={
            # RFC 8058: mail clients offer "unsubscribe" and POST to it without a page.
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
