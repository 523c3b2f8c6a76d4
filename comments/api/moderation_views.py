"""Moderator endpoints: a token, the queue, decisions (one or many) and the audit trail."""

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import CharField, Serializer
from rest_framework.settings import api_settings

from comments.api.filters import ModerationCommentFilter
from comments.api.moderation_serializers import (
    BulkDecisionResultSerializer,
    BulkDecisionSerializer,
    DecisionResultSerializer,
    DecisionSerializer,
    ModerationEventSerializer,
    ModeratorCommentSerializer,
)
from comments.api.pagination import ModerationCursorPagination
from comments.api.permissions import IsEditor
from comments.api.selectors import comment_events, moderation_comments
from comments.models import Comment, ModerationEvent
from comments.services.decisions import comments_decide
from newsroom.api.throttling import TokenThrottle


class TokenSerializer(Serializer):
    token = CharField(help_text="Send it as `Authorization: Token <token>`.")


class TokenView(ObtainAuthToken):
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    throttle_classes = [TokenThrottle]

    @extend_schema(
        summary="Get an API token",
        description="Moderator endpoints need the token of a user in the Editors group.",
        request=AuthTokenSerializer,
        responses={200: TokenSerializer},
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        return super().post(request, *args, **kwargs)


class ModerationCommentListView(ListAPIView):
    permission_classes = [IsEditor]
    serializer_class = ModeratorCommentSerializer
    pagination_class = ModerationCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ModerationCommentFilter
    queryset = Comment.objects.none()

    def get_queryset(self):
        return moderation_comments()

    @extend_schema(summary="List comments for moderation, with email and IP address")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


def _apply_requested_decision(
    request: Request, serializer: DecisionSerializer, ids: list[int]
) -> int:
    """Apply the validated decision to these comments as the requesting editor."""
    return comments_decide(
        ids=ids,
        decision=serializer.decision(),
        actor=request.user,
        source=ModerationEvent.Source.API,
        reason=serializer.validated_data["reason"],
        note=serializer.validated_data["note"],
    )


class ModerationDecisionView(GenericAPIView):
    permission_classes = [IsEditor]
    serializer_class = DecisionSerializer

    @extend_schema(
        summary="Decide on one comment",
        description="Approve, remove, mark as spam or send back to pending; audited like the admin.",
        request=DecisionSerializer,
        responses={200: DecisionResultSerializer},
    )
    def post(self, request: Request, comment_id: int) -> Response:
        comment = get_object_or_404(Comment.objects.only("pk"), pk=comment_id)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changed = _apply_requested_decision(request, serializer, [comment.pk])
        comment = moderation_comments().get(pk=comment.pk)
        result = {"changed": bool(changed), "comment": comment}
        return Response(DecisionResultSerializer(result).data)


class ModerationBulkDecisionView(GenericAPIView):
    permission_classes = [IsEditor]
    serializer_class = BulkDecisionSerializer

    @extend_schema(
        summary="Decide on many comments at once",
        description="One UPDATE for all; unknown ids and comments already in that status are skipped.",
        request=BulkDecisionSerializer,
        responses={200: BulkDecisionResultSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = BulkDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changed = _apply_requested_decision(request, serializer, serializer.validated_data["ids"])
        return Response(BulkDecisionResultSerializer({"changed": changed}).data)


class ModerationEventListView(GenericAPIView):
    permission_classes = [IsEditor]
    serializer_class = ModerationEventSerializer

    @extend_schema(
        summary="A comment's audit trail",
        description="Every change of status, oldest first: who, when, from, to, why.",
        responses=ModerationEventSerializer(many=True),
    )
    def get(self, request: Request, comment_id: int) -> Response:
        comment = get_object_or_404(Comment.objects.only("pk"), pk=comment_id)
        events = comment_events(comment)
        return Response(ModerationEventSerializer(events, many=True).data)
