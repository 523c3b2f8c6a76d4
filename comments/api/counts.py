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

from articles.canonical import CANONICAL_URL_MAX_LENGTH
from articles.counts import comment_count_label
from articles.embedded import embedding_allowed, page_canonical_url
from articles.selectors import published_comment_counts, published_comment_counts_by_url
from newsroom.api.filters import MAX_ID
from newsroom.api.throttling import AnonReadThrottle
from newsroom.edge_cache import article_key, share_at_edge

MAX_ARTICLES = 100
ID_PATTERN = re.compile(r"[0-9]{1,19}")
MESSAGE_IDS_INVALID = _("Give article ids as whole positive numbers separated by commas: 1,2,3.")
MESSAGE_IDS_TOO_MANY = _("Ask for at most %(max)s articles at once.")
MESSAGE_URL_INVALID = _("Give each page's address as a full http or https address.")

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


URLS_PARAMETER = OpenApiParameter(
    "urls",
    {"type": "array", "items": {"type": "string", "format": "uri"}, "maxItems": MAX_ARTICLES},
    OpenApiParameter.QUERY,
    required=False,
    style="form",
    explode=True,
    description="Addresses of pages with embedded comments, one urls= each (normalized as the "
    "embed's are); a page that has no thread yet counts 0.",
)


class PageUrlField(serializers.CharField):
    def to_internal_value(self, data) -> tuple[str, str]:
        given = super().to_internal_value(data)
        url = page_canonical_url(given)
        if url is None:
            raise serializers.ValidationError(MESSAGE_URL_INVALID)
        return given, url


class CommentCountsQuerySerializer(serializers.Serializer):
    articles = ArticleIdsField(required=False)
    urls = serializers.ListField(
        child=PageUrlField(max_length=CANONICAL_URL_MAX_LENGTH), required=False,
        max_length=MAX_ARTICLES,
    )  # fmt: skip

    def validate(self, attrs: dict) -> dict:
        if "articles" in self.initial_data and "articles" not in attrs:  # articles= left empty
            raise serializers.ValidationError({"articles": [MESSAGE_IDS_INVALID]})
        asked = len(attrs.get("articles", [])) + len(attrs.get("urls", []))
        if not asked:  # neither list: the articles one is what most callers forgot
            required = serializers.Field.default_error_messages["required"]
            raise serializers.ValidationError({"articles": [required]}, code="required")
        if asked > MAX_ARTICLES:
            raise serializers.ValidationError(MESSAGE_IDS_TOO_MANY % {"max": MAX_ARTICLES})
        return attrs


class CommentCountSerializer(serializers.Serializer):
    article = serializers.IntegerField(
        allow_null=True, help_text="The article's id (null: a page with no thread yet)."
    )
    url = serializers.CharField(required=False, help_text="The page's address, as asked.")
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
        parameters=[ARTICLES_PARAMETER, URLS_PARAMETER],
        responses=CommentCountsSerializer,
    )
    def get(self, request: Request) -> Response:
        query = CommentCountsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ids = query.validated_data.get("articles", [])
        counts = [
            {"article": pk, "count": count, "label": comment_count_label(count)}
            for pk, count in (published_comment_counts(ids) if ids else [])
        ]
        by_url = _counts_by_url(query.validated_data.get("urls", []))
        response = Response({"counts": counts + by_url})
        patch_vary_headers(response, ["Accept-Language", "Cookie"])  # the label's language
        _allow_embedding_site(request, response)
        if any(entry["article"] is None for entry in by_url):
            return response  # a page's first comment would not purge it: not for the edge
        shown = [*ids, *(entry["article"] for entry in by_url)]
        return share_at_edge(response, [article_key(pk) for pk in shown])


def _counts_by_url(urls: list[tuple[str, str]]) -> list[dict]:
    """Count the pages' threads by their canonical address (one query); none yet counts 0."""
    if not urls:
        return []
    found = published_comment_counts_by_url([url for _given, url in urls])
    entries = []
    for given, url in urls:
        pk, count = found.get(url, (None, 0))
        entries.append(
            {"url": given, "article": pk, "count": count, "label": comment_count_label(count)}
        )
    return entries


def _allow_embedding_site(request: Request, response: Response) -> None:
    """Let the allowed sites' pages read the answer (CORS, without credentials)."""
    patch_vary_headers(response, ["Origin"])
    origin = request.headers.get("Origin")
    if origin and embedding_allowed(origin):
        response["Access-Control-Allow-Origin"] = origin
