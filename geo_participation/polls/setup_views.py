"""The questions pages of a poll or vote: list and order, add, edit (with a preview), delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from geo_participation.campaigns.models import Kind
from geo_participation.campaigns.setup.views import managed_campaign
from geo_participation.polls.forms import form_questions
from geo_participation.polls.models import PollOption
from geo_participation.polls.schema_changes import ballot_count, question_removal_refusal
from geo_participation.polls.selectors import poll_questions

from . import setup_services as services
from .setup_forms import KIND_CHOICES, OptionFormSet, PollQuestionForm, with_option_added

FORM_TEMPLATE = "setup/poll_question_form.html"


def _poll(request, slug):
    """Return the managed campaign; 404 for a map campaign (it has categories instead)."""
    campaign = managed_campaign(request, slug)
    if campaign.kind == Kind.MAP:
        raise Http404
    return campaign


def _question(campaign, pk):
    question = campaign.poll_questions.filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_list(request, slug):
    """List the questions in their order; move one up or down on request."""
    campaign = _poll(request, slug)
    if request.method == "POST":
        question = _question(campaign, request.POST.get("question", "0") or "0")
        step = -1 if request.POST.get("move") == "up" else 1
        services.question_move(question=question, step=step)
        messages.success(request, _("The order was saved."))
        return redirect("setup:poll-questions", slug=campaign.slug)
    questions = poll_questions(campaign)
    kinds = dict(KIND_CHOICES)
    context = {
        "campaign": campaign,
        "questions": [(q, kinds.get(q.kind, q.kind)) for q in questions],
        "ballots": ballot_count(campaign),
        "preview": _preview(campaign, questions),
    }
    return render(request, "setup/poll_question_list.html", context)


def _preview(campaign, questions) -> list[dict]:
    """Return the ballot form's questions as residents see them, images from the setup pages."""
    # polls' own image addresses serve published campaigns; a draft's are served here.
    pks = {(q.key, o.key): o.pk for q in questions for o in q.options.all()}
    shown = form_questions(questions)
    for question in shown:
        for option in question["options"]:
            if option["image"]:
                pk = pks[(question["key"], option["key"])]
                option["image"]["url"] = reverse(
                    "setup:poll-option-thumbnail", kwargs={"slug": campaign.slug, "pk": pk}
                )
    return shown


def _form_page(request, campaign, question):
    posted = request.method == "POST"
    adding = posted and "add_option" in request.POST
    data, new_row = (request.POST if posted else None), ""
    if adding:
        data, new_row = with_option_added(request.POST)
    files = request.FILES if posted and not adding else None
    ballots = ballot_count(campaign)
    form = PollQuestionForm(data, campaign=campaign, instance=question, ballots=ballots)
    stored = list(question.options.all()) if question else []
    options = OptionFormSet(data, files, options=stored)
    for row in options.forms:
        if row.prefix == new_row:
            row.fields["label_de"].widget.attrs["autofocus"] = True
    context = {
        "campaign": campaign,
        "question": question,
        "form": form,
        "options": options,
        "ballots": ballots,
    }
    if not posted or adding:
        return render(request, FORM_TEMPLATE, context)
    if not (form.is_valid() and options.is_valid()):
        return render(request, FORM_TEMPLATE, context | {"refused": True}, status=400)
    try:
        saved = services.question_save(
            campaign=campaign,
            question=question,
            fields=form.fields_to_store(),
            options=options.rows(),
        )
    except ValidationError as refusal:
        _show_refusal(form, options, refusal)
        return render(request, FORM_TEMPLATE, context | {"refused": True}, status=400)
    messages.success(request, _("The question was saved."))
    return redirect("setup:poll-question-edit", slug=campaign.slug, pk=saved.pk)


def _show_refusal(form, options, refusal: ValidationError) -> None:
    """Put each refusal beside the field it names; the options' above their rows."""
    by_field = refusal.message_dict if hasattr(refusal, "error_dict") else {"": refusal.messages}
    for field, texts in by_field.items():
        if field == "options":
            options._non_form_errors = options.error_class(texts)
        elif field == "scale":
            form.add_error("scale_min", texts)
        else:
            form.add_error(field if field in form.fields else None, texts)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_add(request, slug):
    """Add a question to the poll or vote."""
    return _form_page(request, _poll(request, slug), None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, slug, pk):
    """Edit a question and its options, with a preview of the ballot form."""
    campaign = _poll(request, slug)
    return _form_page(request, campaign, _question(campaign, pk))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_delete(request, slug, pk):
    """Ask, then delete a question without ballots; refuse it once ballots are stored."""
    campaign = _poll(request, slug)
    question = _question(campaign, pk)
    context = {
        "campaign": campaign,
        "question": question,
        "refusal": question_removal_refusal(question),
    }
    if request.method != "POST":
        return render(request, "setup/poll_question_delete.html", context)
    try:
        services.question_delete(question=question)
    except ValidationError as refusal:
        context["refusal"] = " ".join(refusal.messages)
        return render(request, "setup/poll_question_delete.html", context, status=400)
    messages.success(request, _("The question was deleted."))
    return redirect("setup:poll-questions", slug=campaign.slug)


@login_required
@require_http_methods(["GET", "HEAD"])
def option_thumbnail(request, slug, pk):
    """Serve an option's thumbnail to the campaign's managers (a draft's images too)."""
    campaign = _poll(request, slug)
    option = PollOption.objects.filter(question__campaign=campaign, pk=pk).first()
    if option is None or not option.thumbnail:
        raise Http404
    response = FileResponse(option.thumbnail.open("rb"), content_type=option.image_content_type)
    response["Cache-Control"] = "private, max-age=300"
    return response
