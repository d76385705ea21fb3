"""One's own posts ("Meine Beiträge"), one's data as GeoJSON, and deleting one's account.

Signed-in people see what their account wrote; anonymous authors what this browser wrote (the
signed client cookie of intake), never anyone else's. A browser without the cookie has none.
"""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from geo_participation.accounts.forms import AccountDeleteForm
from geo_participation.accounts.services import account_delete
from geo_participation.submissions import selectors
from geo_participation.submissions.clients import known_client_id

from .fields import answer_rows
from .personal_data import MODERATION_WORDS, personal_data
from .views import page_of

DOWNLOAD_NAME = "meine-daten.geojson"


@require_safe
def my_posts(request):
    """List the visitor's own posts of every campaign and state, newest first, paged."""
    posts = selectors.own_submissions(user=request.user, client_id=known_client_id(request))
    page = page_of(request, posts)
    rows = [
        {
            "submission": s,
            "state": MODERATION_WORDS[s.status],
            "answers": answer_rows(s.category, s.answers),
        }
        for s in page.object_list
    ]
    return render(request, "web/my_posts.html", {"page": page, "rows": rows})


@require_safe
def my_data(request):
    """Answer the visitor's own data as a GeoJSON file to download."""
    document = personal_data(request, user=request.user, client_id=known_client_id(request))
    response = JsonResponse(
        document, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete_page(request):
    """Ask for the password and what becomes of the posts; delete the account and log out."""
    data = request.POST if request.method == "POST" else None
    form = AccountDeleteForm(data, user=request.user, request=request)
    if form.is_valid():
        keep = form.keep_posts
        account_delete(user=request.user, keep_posts=keep)
        logout(request)
        outcome = AccountDeleteForm.KEEP_POSTS if keep else AccountDeleteForm.DELETE_POSTS
        return redirect(f"{reverse('web:account-deleted')}?posts={outcome}")
    return render(request, "web/account_delete.html", {"form": form})


@require_safe
def account_deleted(request):
    """Confirm that the account is gone, and what became of the posts."""
    kept = request.GET.get("posts") == AccountDeleteForm.KEEP_POSTS
    return render(request, "web/account_deleted.html", {"kept": kept})
