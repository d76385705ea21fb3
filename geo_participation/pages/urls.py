"""Legal pages: the Impressum, the accessibility statement and the privacy notice."""

from django.urls import path
from django.views.generic import TemplateView

from . import views

urlpatterns = [
    path(
        "barrierefreiheit/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("datenschutz/", views.privacy, name="privacy"),
    # The operator's details come from the settings, through pages.context.operator.
    path("impressum/", TemplateView.as_view(template_name="pages/imprint.html"), name="imprint"),
]
