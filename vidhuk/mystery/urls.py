"""Mystery-shopper pages, mounted at /staff/<centre_slug>/mystery/ (namespace "mystery"):
the evaluator's own reports and the staff's review."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "mystery"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("new/", views.report_new, name="report_new"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/accept/", views.review_accept, name="review_accept"),
    path("review/<int:pk>/return/", views.review_return, name="review_return"),
    path("scores/", views.scores, name="scores"),
]
