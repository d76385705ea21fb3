"""Routes of a campaign's reference layers page, under /einrichten/<slug>/referenzen/ ("setup:")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.layer_list, name="references"),
    path("<int:pk>/loeschen/", views.layer_delete, name="reference-delete"),
]
