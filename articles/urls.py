from django.urls import path

from articles import views
from articles.feeds import LatestArticlesFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("sections/<str:slug>/", views.section_detail, name="section"),
    path("feed/", LatestArticlesFeed(), name="feed"),
]
