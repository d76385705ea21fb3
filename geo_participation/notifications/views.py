"""The pages of notification mails: unsubscribe by signed link, and the account's mail switch."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from geo_participation.submissions.models import Status, Submission

from . import links, selectors, services

_POST_ACTIONS = {"post_on", "post_off", "all_on", "all_off"}


def _holder(token: str):
    """Return the (user, submission) a token names, or None when it is invalid or gone."""
    ids = links.read_unsubscribe_token(token)
    if ids is None:
        return None
    user = get_user_model().objects.filter(pk=ids[0]).first()
    submission = Submission.objects.select_related("campaign").filter(pk=ids[1]).first()
    if user is None or submission is None:
        return None
    return user, submission


def _act(action: str, user, submission) -> None:
    if action == "post_off":
        services.post_mail_off(user=user, submission=submission)
    elif action == "post_on":
        services.post_mail_on(user=user, submission=submission)
    else:
        services.mail_set(user=user, enabled=action == "all_on")


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop mails about one post at once (GET, the link in the mail); undo or all off (POST).

    The link acts on GET so that one click is enough, as residents expect. A mail scanner that
    follows links could unsubscribe someone too: the harm is one post's mails, the page
    offers undo, and turning off all mail is never done by GET.
    """
    holder = _holder(token)
    if holder is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    user, submission = holder
    action = request.POST.get("action", "") if request.method == "POST" else "post_off"
    if action not in _POST_ACTIONS:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    _act(action, user, submission)
    context = {
        "submission": submission,
        # The post page shows published posts (and the author's pending ones) only.
        "post_url": links.post_path(submission) if submission.status == Status.APPROVED else "",
        "post_on": selectors.receives_post_mail(user=user, submission=submission),
        # A follower can follow again only while the post is published.
        "may_undo": submission.author_id == user.pk or submission.status == Status.APPROVED,
        "all_on": selectors.mail_enabled(user),
        "action": action,
    }
    return render(request, "notifications/unsubscribe.html", context)


@csrf_exempt
@require_POST
def unsubscribe_one_click(request, token):
    """Stop mails about one post for a mail client's one-click unsubscribe (RFC 8058)."""
    # No CSRF token: the mail client posts "List-Unsubscribe=One-Click" without a page; the
    # signed token is the authority, and the action only ever turns mail off.
    holder = _holder(token)
    if holder is None:
        return HttpResponse(_("This link is not valid."), status=404, content_type="text/plain")
    services.post_mail_off(user=holder[0], submission=holder[1])
    return HttpResponse(_("Unsubscribed."), content_type="text/plain")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mail_settings(request):
    """Show and change whether the signed-in user gets notification mails, and what they follow."""
    if request.method == "POST":
        if "unfollow" in request.POST:
            services.follow_remove(user=request.user, submission_id=_int(request.POST["unfollow"]))
        else:
            services.mail_set(user=request.user, enabled=request.POST.get("notifications") == "on")
        return redirect(f"{request.path}?saved=1")
    context = {
        "enabled": selectors.mail_enabled(request.user),
        "address": selectors.confirmed_address(request.user),
        "follows": [
            (follow.submission, links.post_path(follow.submission))
            for follow in selectors.followed_submissions(user=request.user)
        ],
        "saved": request.GET.get("saved") == "1",
    }
    return render(request, "notifications/settings.html", context)


def _int(value: str) -> int:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0
