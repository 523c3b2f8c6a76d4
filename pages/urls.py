from django.urls import path

from pages import views
from pages.embed import views as embed

app_name = "pages"

urlpatterns = [
    path("articles/<str:slug>/", views.article_detail, name="article"),
    path("articles/<int:article_id>/comments/", views.comment_post, name="comment_post"),
    path("embed.js", embed.embed_script, name="embed_script"),
    path("embed/thread/", embed.embed_thread, name="embed_thread"),
    path("embed/articles/<int:article_id>/<str:language>/", embed.embed_frame, name="embed_frame"),
    path(
        "embed/articles/<int:article_id>/<str:language>/comments/",
        embed.embed_post,
        name="embed_post",
    ),
]
