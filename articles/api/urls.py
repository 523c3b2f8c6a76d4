"""Article endpoints under /api/v1/."""

from django.urls import path

from articles.api import views

urlpatterns = [
    path("sections/", views.SectionListView.as_view(), name="sections"),
    path("articles/", views.ArticleListView.as_view(), name="articles"),
]
