from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("articles/<str:slug>/", views.article_detail, name="article"),
    path("articles/<int:article_id>/comments/", views.comment_post, name="comment_post"),
]
