"""Routes of a poll's or vote's question pages, under /einrichten/<slug>/fragen/ ("setup:")."""

from django.urls import path

from . import setup_views as views

urlpatterns = [
    path("", views.question_list, name="poll-questions"),
    path("neu/", views.question_add, name="poll-question-add"),
    path("<int:pk>/", views.question_edit, name="poll-question-edit"),
    path("<int:pk>/loeschen/", views.question_delete, name="poll-question-delete"),
    path("bild/<int:pk>/", views.option_thumbnail, name="poll-option-thumbnail"),
]
