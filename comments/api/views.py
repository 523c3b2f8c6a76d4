"""Public comment endpoints: read an article's comments, post one, report one."""

from functools import partial

from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from articles.models import Article
from comments.api.conditional import comment_list_etag, comment_list_page
from comments.api.errors import NoClientAddress, rejection_error
from comments.api.idempotency import (
    KEY_HEADER,
    KEY_MAX_LENGTH,
    KEY_PATTERN,
    idempotency_key,
    idempotent_response,
    request_fingerprint,
)
from comments.api.pagination import ORDERING_PARAM, CommentCursorPagination, requested_ordering
from comments.api.permissions import NotFromAnotherSite
from comments.api.selectors import article_picked_comments, article_public_comments
from comments.api.serializers import (
    CommentCreatedSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    ReactionStateSerializer,
    ReportCreateSerializer,
    ReportReceivedSerializer,
)
from comments.reporters import reporter_key
from comments.selectors import shown_comment
from comments.services.reactions import ReactionState, reaction_add, reaction_remove
from comments.services.reports import comment_report
from comments.services.submit import CommentRejected, comment_submit
from comments.sorting import ThreadSort
from comments.views import client_info
from newsroom.api.schema import error_responses
from newsroom.api.throttling import (
    AnonReadThrottle,
    CommentPostThrottle,
    ReactionThrottle,
    ReportThrottle,
)
from newsroom.edge_cache import article_key, share_at_edge
from newsroom.versions import block_version

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    KEY_HEADER,
    {"type": "string", "pattern": KEY_PATTERN, "minLength": 1, "maxLength": KEY_MAX_LENGTH},
    OpenApiParameter.HEADER,
    description=(
        "A unique value per comment (a UUID). A retry with the same key and body within 24 hours "
        "gets the first answer again and stores nothing; the same key with another body is a 422."
    ),
)
PICKS_PARAMETER = OpenApiParameter(
    "picks", bool, description="1: only the editors' picks, in the same order and pages."
)
PICKS_VALUES = {"1": True, "true": True, "0": False, "false": False, "": False}
MESSAGE_BAD_PICKS = _("picks must be 1 or 0.")


def picks_only(request: Request) -> bool:
    """Whether the list asks for the editors' picks alone (?picks=1); a 400 for another value."""
    value = request.query_params.get("picks", "").lower()
    if value not in PICKS_VALUES:
        raise serializers.ValidationError({"picks": [MESSAGE_BAD_PICKS]}, code="invalid")
    return PICKS_VALUES[value]


ORDERING_PARAMETER = OpenApiParameter(
    ORDERING_PARAM,
    {"type": "string", "enum": ThreadSort.values, "default": ThreadSort.OLDEST.value},
    OpenApiParameter.QUERY,
    description="oldest, newest, or useful (most useful first; ties oldest first).",
)


class ArticleCommentsView(GenericAPIView):
    pagination_class = CommentCursorPagination
    serializer_class = CommentSerializer
    throttle_classes = [AnonReadThrottle, CommentPostThrottle]

    def get_article(self) -> Article:
        return get_object_or_404(Article.objects.published(), pk=self.kwargs["article_id"])

    @extend_schema(
        summary="List an article's published comments",
        description=(
            "Oldest first unless `ordering` says otherwise, by cursor: a page never shifts "
            "while new comments arrive (most useful first shifts as the counts change)."
        ),
        responses=CommentSerializer(many=True),
        parameters=[PICKS_PARAMETER, ORDERING_PARAMETER],
    )
    def get(self, request: Request, article_id: int) -> HttpResponseBase:
        article = self.get_article()
        requested_ordering(request)  # a 400 before anything is read
        picks = picks_only(request)
        version = block_version(article.pk)
        etag = comment_list_etag(request, article, version)
        keys = [article_key(article.pk)]  # the same list for every reader: a shared cache keeps it
        if not_modified := get_conditional_response(request, etag=etag):
            not_modified["ETag"] = etag
            return share_at_edge(not_modified, keys)
        produce = partial(self._page_data, article, picks=picks)
        data = comment_list_page(request, article, version, produce)
        return share_at_edge(Response(data, headers={"ETag": etag}), keys)

    def _page_data(self, article: Article, *, picks: bool = False) -> dict:
        listed = article_picked_comments if picks else article_public_comments
        page = self.paginate_queryset(listed(article))
        return self.get_paginated_response(CommentSerializer(page, many=True).data).data

    @extend_schema(
        summary="Post a comment",
        description=(
            "Runs the same checks and moderation as the page's form. The answer says whether "
            "the comment is published or waits for the editors. Email and IP are never shown."
        ),
        request=CommentCreateSerializer,
        responses={201: CommentCreatedSerializer, **error_responses(403, 422)},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
    def post(self, request: Request, article_id: int) -> Response:
        article = self.get_article()
        key = idempotency_key(request)
        create = partial(self._create, request, article)
        if key is None:
            return create()
        return idempotent_response(
            key=key, fingerprint=request_fingerprint(request), produce=create
        )

    def _create(self, request: Request, article: Article) -> Response:
        serializer = CommentCreateSerializer(
            data=request.data, context={"article": article, "user": request.user}
        )
        serializer.is_valid(raise_exception=True)
        try:
            comment = comment_submit(
                article=article, data=serializer.submission_data(), client=client_info(request)
            )
        except CommentRejected as rejected:
            raise rejection_error(rejected.verdict) from None
        return Response(CommentCreatedSerializer(comment).data, status=201)


class CommentReportView(GenericAPIView):
    serializer_class = ReportCreateSerializer
    throttle_classes = [ReportThrottle]

    @extend_schema(
        summary="Report a published comment",
        description="One report per reader and comment; enough reports send it back to the editors.",
        request=ReportCreateSerializer,
        responses={201: ReportReceivedSerializer},
    )
    def post(self, request: Request, comment_id: int) -> Response:
        comment = shown_comment(comment_id)
        if comment is None:
            raise Http404
        serializer = ReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if (key := reporter_key(request)) is None:
            raise NoClientAddress()
        report = comment_report(
            comment=comment,
            reporter_key=key,
            reason=serializer.validated_data["reason"],
        )
        return Response(ReportReceivedSerializer(report).data, status=201)


class CommentReactionsView(GenericAPIView):
    """A reader's "useful" on a published comment: counted once per reader, never said by whom."""

    serializer_class = ReactionStateSerializer
    throttle_classes = [ReactionThrottle]
    permission_classes = [NotFromAnotherSite]

    def _react(self, request: Request, comment_id: int, react) -> Response:
        comment = shown_comment(comment_id)
        if comment is None:
            raise Http404
        if (key := reporter_key(request)) is None:
            raise NoClientAddress()
        state: ReactionState = react(comment=comment, reader_key=key)
        data = {"comment": comment.pk, "pressed": state.pressed, "useful_count": state.useful_count}
        return Response(ReactionStateSerializer(data).data)

    @extend_schema(
        summary="Find a comment useful",
        description="Counts you once however often you send it.",
        request=None,
        responses={200: ReactionStateSerializer},
    )
    def post(self, request: Request, comment_id: int) -> Response:
        return self._react(request, comment_id, reaction_add)

    @extend_schema(
        summary="Take back your “useful”",
        description="Nothing happens if you had not found it useful.",
        responses={200: ReactionStateSerializer},
    )
    def delete(self, request: Request, comment_id: int) -> Response:
        return self._react(request, comment_id, reaction_remove)
