"""Scanned questionnaires, mounted at /staff/<centre_slug>/scanning/ (namespace "scanning")."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "scanning"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/pages/<int:page_pk>/crop.png", views.crop, name="crop"),
    path("<int:pk>/finish/", views.finish, name="finish"),
]
