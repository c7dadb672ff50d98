"""Public news of a centre under /<centre>/news/ (namespace "communications")."""

from django.urls import URLPattern, URLResolver, path

from .feeds import NewsFeed
from .views import news

app_name = "communications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", news.news_list, name="news"),
    path("feed/", NewsFeed(), name="feed"),
    path("<slug:slug>/", news.news_item, name="item"),
    path("<slug:slug>/image", news.news_image, name="image"),
]
