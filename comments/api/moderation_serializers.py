"""Moderator shapes: the whole comment (email and IP included) and the decisions on it."""

from rest_framework import serializers

from comments.models import Comment, Decision, ModerationEvent
from newsroom.api.filters import MAX_ID

MAX_BULK_IDS = 500


class ModerationReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The rule that spoke, e.g. `first_time`.")
    detail = serializers.CharField(allow_blank=True)


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    section = serializers.IntegerField(source="section_id")


class ModeratorCommentSerializer(serializers.ModelSerializer):
    """Everything the editors need to decide, including who sent it from where."""

    article = ArticleRefSerializer(read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    user = serializers.IntegerField(source="user_id", read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True, help_text="The commenter's website, or empty.")
    moderation_reasons = ModerationReasonSerializer(many=True, read_only=True)
    risk = serializers.FloatField(
        read_only=True, allow_null=True, min_value=0, max_value=1,
        help_text="The abuse model's score when the comment came in, 0 (clean) to 1 (abusive); "
        "null if no model scored it.",
    )  # fmt: skip
    risk_terms = serializers.ListField(
        child=serializers.CharField(), read_only=True,
        help_text="The words (normalized) that pushed the risk up, strongest first.",
    )  # fmt: skip

    class Meta:
        model = Comment
        fields = [
            "id", "article", "parent", "depth", "name", "email", "url", "body", "body_html",
            "status", "kind", "moderation_reasons", "created_at", "ip_address", "user_agent",
            "user", "notify_replies", "report_count", "risk", "risk_terms", "is_pick",
            "is_staff_voice",
        ]  # fmt: skip
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Decision.choices)
    reason = serializers.ChoiceField(
        choices=ModerationEvent.RemovalReason.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def decision(self) -> Decision:
        return Decision(self.validated_data["action"])


class BulkDecisionSerializer(DecisionSerializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=MAX_BULK_IDS,
    )


class DecisionResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField(help_text="False when the comment already had that status.")
    comment = ModeratorCommentSerializer()


class BulkDecisionResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField(help_text="How many comments changed status.")


class ModerationEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor.get_username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ModerationEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "from_status",
            "to_status",
            "reason",
            "note",
            "source",
        ]
        read_only_fields = fields
