"""How many published comments some articles have, for lists and other sites' pages, in one query.

The answer carries each count's label already written in the request's language ("٣ تعليقات"):
the server's catalog has Arabic's six plural forms and its digits, so a page needs one request
and no JavaScript catalog. It is the same for every reader of the URL and language, so a shared
cache keeps it, under each article's key: an approval on any of them purges it.
"""

import re

from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from articles.counts import comment_count_label
from articles.selectors import published_comment_counts
from newsroom.api.filters import MAX_ID
from newsroom.api.throttling import AnonReadThrottle
from newsroom.edge_cache import article_key, share_at_edge

MAX_ARTICLES = 100
ID_PATTERN = re.compile(r"[0-9]{1,19}")
MESSAGE_IDS_INVALID = _("Give article ids as whole positive numbers separated by commas: 1,2,3.")
MESSAGE_IDS_TOO_MANY = _("Ask for at most %(max)s articles at once.")

ARTICLES_PARAMETER = OpenApiParameter(
    "articles",
    {
        "type": "array",
        "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        "minItems": 1,
        "maxItems": MAX_ARTICLES,
    },
    OpenApiParameter.QUERY,
    required=True,
    style="form",
    explode=False,
    description=f"Up to {MAX_ARTICLES} article ids, separated by commas.",
)


class ArticleIdsField(serializers.Field):
    """Comma-separated article ids, each once, in the order given."""

    def to_internal_value(self, data) -> list[int]:
        parts = [part.strip() for part in str(data).split(",")]
        if len(parts) > MAX_ARTICLES:
            raise serializers.ValidationError(MESSAGE_IDS_TOO_MANY % {"max": MAX_ARTICLES})
        if not all(ID_PATTERN.fullmatch(part) for part in parts):
            raise serializers.ValidationError(MESSAGE_IDS_INVALID)
        ids = [int(part) for part in parts]
        if not all(1 <= pk <= MAX_ID for pk in ids):
            raise serializers.ValidationError(MESSAGE_IDS_INVALID)
        return list(dict.fromkeys(ids))


class CommentCountsQuerySerializer(serializers.Serializer):
    articles = ArticleIdsField()


class CommentCountSerializer(serializers.Serializer):
    article = serializers.IntegerField(help_text="The article's id.")
    count = serializers.IntegerField(help_text="Its published comments.")
    label = serializers.CharField(help_text='The count as a reader reads it: "3 comments".')


class CommentCountsSerializer(serializers.Serializer):
    counts = CommentCountSerializer(
        many=True, help_text="One entry per published article asked for; others are left out."
    )


class CommentCountsView(GenericAPIView):
    serializer_class = CommentCountsSerializer
    throttle_classes = [AnonReadThrottle]

    @extend_schema(
        summary="Count the published comments of several articles",
        description="One request for a whole list of stories; each count comes with its label "
        "in the request's language (Accept-Language, or the site's language cookie).",
        parameters=[ARTICLES_PARAMETER],
        responses=CommentCountsSerializer,
    )
    def get(self, request: Request) -> Response:
        query = CommentCountsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ids = query.validated_data["articles"]
        counts = [
            {"article": pk, "count": count, "label": comment_count_label(count)}
            for pk, count in published_comment_counts(ids)
        ]
        response = Response({"counts": counts})
        patch_vary_headers(response, ["Accept-Language", "Cookie"])  # the label's language
        return share_at_edge(response, [article_key(pk) for pk in ids])
