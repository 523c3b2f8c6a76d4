"""The moderators' list filters, as in the admin: status, where, when, reported, search."""

import django_filters
from django.db.models import QuerySet

from comments.admin.search import comment_search
from comments.models import Comment
from newsroom.api.filters import IdFilter


class ModerationCommentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Comment.Status.choices)
    section = IdFilter(field_name="article__section_id", label="Section id")
    article = IdFilter(field_name="article_id", label="Article id")
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label="Posted between (created_after, created_before)"
    )
    reported = django_filters.BooleanFilter(method="filter_reported", label="Reported by readers")
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        label="Words of the text, name or email (each must match), or a full email or IP address",
    )

    class Meta:
        model = Comment
        fields = ["status", "section", "article", "created", "reported", "search"]

    def filter_reported(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(report_count__gt=0) if value else queryset.filter(report_count=0)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return comment_search(queryset, value)  # the admin queue's search, index-served
