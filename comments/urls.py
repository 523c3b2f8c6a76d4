from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("articles/<int:article_id>/comments/", views.comment_post, name="post"),
    path("comments/<int:comment_id>/", views.comment_permalink, name="permalink"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
