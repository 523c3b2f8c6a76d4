from django.urls import path

from comments import views, views_live, views_own, views_reactions, views_reports
from comments.feeds import ArticleCommentsFeed

app_name = "comments"

urlpatterns = [
    path("comments/<int:comment_id>/", views.comment_permalink, name="permalink"),
    path("comments/<int:comment_id>/replies/", views.comment_replies, name="replies"),
    path("comments/own/", views_own.own_state, name="own"),
    path("comments/<int:comment_id>/edit/", views_own.comment_edit_page, name="edit"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("comments/confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("comments/<int:comment_id>/report/", views_reports.comment_report_page, name="report"),
    path("articles/<str:slug>/comments/feed/", ArticleCommentsFeed(), name="feed"),
    path(
        "articles/<int:article_id>/form-timestamp/",
        views.fresh_form_timestamp,
        name="form_timestamp",
    ),
    path("articles/<int:article_id>/comments/live/", views_live.live_comments, name="live"),
    path("comments/<int:comment_id>/useful/", views_reactions.comment_useful, name="useful"),
    path("comments/reactions/mine/", views_reactions.my_reactions, name="my_reactions"),
]
