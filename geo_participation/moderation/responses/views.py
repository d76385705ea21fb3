"""The staff page of one post: set its public status and answer, read its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from geo_participation.accounts.roles import may_respond
from geo_participation.errors import Rejected

from .. import services
from .forms import ResponseForm
from .state import response_state


def _state(request, pk):
    if not may_respond(request.user):
        raise PermissionDenied(_("Only moderators and planners may open this page."))
    try:
        return response_state(pk, viewer=request.user)
    except Rejected as exc:
        raise Http404(str(exc.detail)) from exc


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def respond(request, pk):
    """Show a post with its status, answer and history; on POST save them, then show it again."""
    state = _state(request, pk)
    submission = state.submission
    initial = {"public_status": submission.public_status, "answer": submission.answer}
    form = ResponseForm(request.POST or None, initial=initial, statuses=state.statuses)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_respond(
                submission_id=pk,
                actor=request.user,
                public_status=form.cleaned_data["public_status"],
                answer=form.cleaned_data["answer"],
            )
        except Rejected as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Status and answer of post #%(id)d saved.") % {"id": pk})
            return redirect(f"{request.path}#gp-messages")
    context = {"state": state, "submission": submission, "form": form}
    return render(request, "moderation/respond.html", context, status=400 if form.errors else 200)
