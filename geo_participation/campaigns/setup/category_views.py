"""The category pages of the setup: list and order, add, edit (with a preview), delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from geo_participation.campaigns.selectors import category_by_key

from . import category_services as services
from .category_forms import CategoryForm
from .question_forms import QuestionFormSet, with_row_added
from .views import managed_campaign

FORM_TEMPLATE = "setup/category_form.html"


def _category(campaign, key):
    category = category_by_key(campaign, key)
    if category is None:
        raise Http404
    return category


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def category_list(request, slug):
    """List the campaign's categories in their order; move one up or down on request."""
    campaign = managed_campaign(request, slug)
    if request.method == "POST":
        category = _category(campaign, request.POST.get("category"))
        step = -1 if request.POST.get("move") == "up" else 1
        services.category_move(category=category, step=step)
        messages.success(request, _("The order was saved."))
        return redirect("setup:categories", slug=campaign.slug)
    categories = campaign.categories.order_by("position", "key")
    context = {"campaign": campaign, "categories": categories}
    return render(request, "setup/category_list.html", context)


def _form_page(request, campaign, category):
    posts = services.post_count(category) if category else 0
    adding = request.method == "POST" and (
        "add_question" in request.POST or "add_choice" in request.POST
    )
    data, new_row = request.POST if request.method == "POST" else None, ""
    if adding:
        target = "question" if "add_question" in request.POST else request.POST["add_choice"]
        data, new_row = with_row_added(request.POST, target)
    form = CategoryForm(data, campaign=campaign, instance=category, posts=posts)
    questions = QuestionFormSet(data, questions=category.questions if category else [])
    questions.focus(new_row)
    context = {
        "campaign": campaign,
        "category": category,
        "form": form,
        "questions": questions,
        "posts": posts,
    }
    if request.method != "POST" or adding:
        return render(request, FORM_TEMPLATE, context)
    if not (form.is_valid() and questions.is_valid()):
        return render(request, FORM_TEMPLATE, context | {"refused": True}, status=400)
    try:
        saved = services.category_save(
            campaign=campaign,
            category=category,
            fields=form.fields_to_store(),
            questions=questions.schema(),
        )
    except ValidationError as refusal:
        _show_refusal(form, questions, refusal)
        return render(request, FORM_TEMPLATE, context | {"refused": True}, status=400)
    messages.success(request, _("The category was saved."))
    return redirect("setup:category-edit", slug=campaign.slug, key=saved.key)


def _show_refusal(form, questions, refusal: ValidationError) -> None:
    """Put each refusal beside the field, question or choice it names."""
    for item in getattr(refusal, "refusals", []):
        if item.field in ("key", "geometry_kind", "sensitive"):
            form.add_error(item.field, item.message)
        elif not questions.refuse(item.question, item.choice, item.message):
            questions._non_form_errors.append(item.message)
    if not hasattr(refusal, "refusals"):
        for field, texts in services.refusal_messages(refusal).items():
            target = field if field in form.fields else None
            for text in texts:
                if field == "questions":
                    questions._non_form_errors.append(text)
                else:
                    form.add_error(target, text)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def category_add(request, slug):
    """Add a category to the campaign."""
    return _form_page(request, managed_campaign(request, slug), None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def category_edit(request, slug, key):
    """Edit a category and its questions, with a preview of the citizen form."""
    campaign = managed_campaign(request, slug)
    return _form_page(request, campaign, _category(campaign, key))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def category_delete(request, slug, key):
    """Ask, then delete a category without posts; refuse one with posts."""
    campaign = managed_campaign(request, slug)
    category = _category(campaign, key)
    context = {"campaign": campaign, "category": category, "posts": services.post_count(category)}
    if request.method != "POST":
        return render(request, "setup/category_delete.html", context)
    try:
        services.category_delete(category=category)
    except ValidationError as refusal:
        context["refusal"] = " ".join(refusal.messages)
        return render(request, "setup/category_delete.html", context, status=400)
    messages.success(request, _("The category was deleted."))
    return redirect("setup:categories", slug=campaign.slug)
