from django.urls import path

from articles import views
from articles.feeds import ArticleCommentsFeed, LatestArticlesFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("sections/<str:slug>/", views.section_detail, name="section"),
    path("articles/<str:slug>/", views.article_detail, name="detail"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("articles/<str:slug>/comments/feed/", ArticleCommentsFeed(), name="comments_feed"),
]
