"""Moderators decide on waiting submissions here; the services do the writing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from geo_participation.accounts.roles import is_moderator
from geo_participation.campaigns.models import PublicStatus
from geo_participation.errors import Rejected
from geo_participation.submissions.models import MAX_REASON_LENGTH
from geo_participation.web.fields import answer_rows
from geo_participation.web.strings import script_strings

from . import maps, selectors, services
from .filters import QueueFilter

# The oldest first, a page at a time: a moderator works from the top.
PAGE_SIZE = 50
# The query string a decision returns to: the filters and the page, nothing else.
KEPT = ("campaign", "category", "waiting", "q", "page")
MAP_STRINGS = (
    "zoom_in",
    "zoom_out",
    "attribution",
    "gestures_windows",
    "gestures_mac",
    "gestures_mobile",
)
# Messages about one post carry this tag, so the page also shows them next to the post.
ITEM_TAG = "gp-item-"


def _require_moderator(request):
    if not is_moderator(request.user):
        raise PermissionDenied(_("Only moderators may open this page."))


def _kept_query(data) -> str:
    kept = QueryDict(mutable=True)
    for key in KEPT:
        if data.get(key):
            kept[key] = data[key]
    return kept.urlencode()


def _page_query(data) -> str:
    """Return the query string of the filters, to which page links add page=n."""
    query = _kept_query({k: v for k, v in data.items() if k != "page"})
    return f"{query}&" if query else ""


def _notes_by_item(request) -> tuple[list, dict]:
    """Return the messages for the top of the page, and per submission id those about it."""
    shown, by_item = [], {}
    for message in messages.get_messages(request):
        shown.append(message)
        for tag in (message.extra_tags or "").split():
            if tag.startswith(ITEM_TAG) and tag[len(ITEM_TAG) :].isdigit():
                by_item.setdefault(int(tag[len(ITEM_TAG) :]), []).append(message)
    return shown, by_item


def _status_labels(items) -> dict:
    """Return the public status labels of the items' campaigns, by (campaign id, key)."""
    campaigns = {item.campaign_id for item in items if item.history}
    rows = PublicStatus.objects.filter(campaign_id__in=campaigns) if campaigns else []
    return {(row.campaign_id, row.key): row.label for row in rows}


def _campaigns_shown(filters, items) -> list:
    chosen = filters.form.cleaned_data.get("campaign") if filters.is_valid() else None
    return [chosen] if chosen else list({i.campaign_id: i.campaign for i in items}.values())


@require_GET
@login_required
def queue(request):
    """Show the submissions waiting for a decision, oldest first, on a map and in pages."""
    _require_moderator(request)
    filters = QueueFilter(request.GET or None)
    valid = filters.is_valid() if filters.is_bound else True
    # An invalid filter shows its error and no list: a list that ignored it would mislead.
    waiting = selectors.with_history(filters.qs.select_related("photo")) if valid else []
    paginator = Paginator(waiting, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    items = list(page.object_list)
    notes, by_item = _notes_by_item(request)
    labels = _status_labels(items)
    for item in items:
        item.answer_rows = answer_rows(item.category, item.answers)
        item.notes = by_item.get(item.pk, [])
        for change in item.history:
            change.status_label = labels.get((item.campaign_id, change.public_status), "")
    context = {
        "filters": filters,
        "page": page,
        "items": items,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "page_query": _page_query(request.GET),
        "filtered": any(request.GET.get(key) for key in KEPT if key != "page"),
        "back": _kept_query(request.GET),
        "notes": notes,
        "map_style": maps.map_style(request, items, _campaigns_shown(filters, items)),
        "map_strings": {k: v for k, v in script_strings().items() if k in MAP_STRINGS},
        "max_reason_length": MAX_REASON_LENGTH,
    }
    return render(request, "moderation/queue.html", context, status=200 if valid else 400)


def _back(request):
    query = _kept_query(QueryDict(request.POST.get("back", "")))
    # The fragment moves the reader (and the keyboard focus start) to the outcome message.
    return redirect(f"{reverse('moderation')}{'?' + query if query else ''}#gp-messages")


def _approve(request, pk: int, photo) -> None:
    """Approve one submission with the photo the page showed; report the outcome about it."""
    tag = f"{ITEM_TAG}{pk}"
    try:
        services.submission_approve(
            submission_id=pk,
            moderator=request.user,
            seen_photo=services.parse_seen_photo(photo),
            require_photo=True,
        )
        messages.success(request, _("Submission #%(id)d approved.") % {"id": pk}, tag)
    except Rejected as exc:
        problem = {"id": pk, "problem": exc.detail}
        messages.error(request, _("#%(id)d not approved: %(problem)s") % problem, tag)


def _reject(request, pk: int, reason) -> None:
    """Reject one submission with the reason; report the outcome about it."""
    tag = f"{ITEM_TAG}{pk}"
    try:
        services.submission_reject(
            submission_id=pk, moderator=request.user, reason=reason, waiting_only=True
        )
        messages.success(request, _("Submission #%(id)d rejected.") % {"id": pk}, tag)
    except Rejected as exc:
        messages.error(request, _("#%(id)d: %(problem)s") % {"id": pk, "problem": exc.detail}, tag)


@require_POST
@login_required
def decide(request, pk):
    """Approve or reject one submission, then show the queue again with the outcome."""
    _require_moderator(request)
    decision = request.POST.get("decision")
    if decision == "approve":
        _approve(request, pk, request.POST.get("photo"))
    elif decision == "reject":
        _reject(request, pk, request.POST.get("reason", ""))
    else:
        messages.error(request, _("Choose to approve or to reject."))
    return _back(request)


def _chosen(request) -> list[int]:
    """Return the ticked submission ids, each once, at most a page of them."""
    ids = [r for r in request.POST.getlist("id") if r.isascii() and r.isdigit() and len(r) < 19]
    return list(dict.fromkeys(int(raw) for raw in ids))[:PAGE_SIZE]


@require_POST
@login_required
def decide_selected(request):
    """Approve (each with the photo the page showed of it) or reject the ticked submissions."""
    _require_moderator(request)
    chosen, decision = _chosen(request), request.POST.get("decision")
    reason = request.POST.get("reason", "")
    if not chosen:
        messages.error(request, _("Choose the submissions first."))
    elif decision == "reject" and not reason.strip():
        # Said once, not once per post: nothing was rejected.
        messages.error(request, _("Give one reason to reject the selected submissions."))
    # Each one on its own: one refusal (a changed photo) leaves the others decided.
    elif decision == "reject":
        for pk in chosen:
            _reject(request, pk, reason)
    elif decision == "approve":
        for pk in chosen:
            _approve(request, pk, request.POST.get(f"photo-{pk}"))
    else:
        messages.error(request, _("Choose to approve or to reject."))
    return _back(request)
