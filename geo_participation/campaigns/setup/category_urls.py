"""Routes of a campaign's category pages, under /einrichten/<slug>/kategorien/ ("setup:")."""

from django.urls import path

from . import category_views as views

urlpatterns = [
    path("", views.category_list, name="categories"),
    path("neu/", views.category_add, name="category-add"),
    path("<slug:key>/", views.category_edit, name="category-edit"),
    path("<slug:key>/loeschen/", views.category_delete, name="category-delete"),
]
