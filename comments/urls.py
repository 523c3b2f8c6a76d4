from django.urls import path

from comments import views, views_reports
from comments.feeds import ArticleCommentsFeed

app_name = "comments"

urlpatterns = [
    path("comments/<int:comment_id>/", views.comment_permalink, name="permalink"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("comments/confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("comments/<int:comment_id>/report/", views_reports.comment_report_page, name="report"),
    path("articles/<str:slug>/comments/feed/", ArticleCommentsFeed(), name="feed"),
]
