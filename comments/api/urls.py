"""Comment endpoints under /api/v1/: public ones first, then the moderators'."""

from django.urls import path

from comments.api import articles, counts, moderation_views, views

urlpatterns = [
    path("articles/<int:article_id>/", articles.ArticleDetailView.as_view(), name="article"),
    path(
        "articles/<int:article_id>/comments/",
        views.ArticleCommentsView.as_view(),
        name="article-comments",
    ),
    path(
        "comments/<int:comment_id>/reports/",
        views.CommentReportView.as_view(),
        name="comment-reports",
    ),
    path("comment-counts/", counts.CommentCountsView.as_view(), name="comment-counts"),
    path(
        "comments/<int:comment_id>/reactions/",
        views.CommentReactionsView.as_view(),
        name="comment-reactions",
    ),
    path("auth/token/", moderation_views.TokenView.as_view(), name="token"),
    path(
        "moderation/comments/",
        moderation_views.ModerationCommentListView.as_view(),
        name="moderation-comments",
    ),
    path(
        "moderation/comments/<int:comment_id>/decision/",
        moderation_views.ModerationDecisionView.as_view(),
        name="moderation-decision",
    ),
    path(
        "moderation/comments/<int:comment_id>/events/",
        moderation_views.ModerationEventListView.as_view(),
        name="moderation-events",
    ),
    path(
        "moderation/decisions/",
        moderation_views.ModerationBulkDecisionView.as_view(),
        name="moderation-decisions",
    ),
]
