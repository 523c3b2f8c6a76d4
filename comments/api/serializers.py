"""Public comment shapes: what a reader sends, and what anyone may read (never email or IP)."""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from comments.forms import MESSAGE_BAD_PARENT, CommentForm
from comments.models import Comment, CommentReport
from comments.selectors import answerable_comments
from comments.services.submit import SUBMISSION_FIELDS, speaks_for_newsroom
from newsroom.api.filters import MAX_ID

MESSAGE_AWAITING = _("Your comment is awaiting moderation.")
MESSAGE_PUBLISHED = _("Your comment is published.")
MESSAGE_REPORTED = _("Thank you. The editors will look at this comment.")
MESSAGE_STAFF_ONLY = _("Only a signed-in staff member may speak for the newsroom.")
PUBLIC_STATUSES = ["pending", "approved"]


class FormCleanedField(serializers.CharField):
    """A string cleaned by the reader form's own field: the page's rules and messages."""

    def __init__(self, form_field_name: str, **kwargs) -> None:
        self.form_field = CommentForm.base_fields[form_field_name]
        required = forms.Field.default_error_messages["required"]
        kwargs.setdefault("error_messages", {"blank": required})
        super().__init__(validators=list(self.form_field.validators), **kwargs)

    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data)
        try:
            return self.form_field.to_python(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class CommentCreateSerializer(serializers.Serializer):
    """A reader's new comment; any other key in the body (status, ip_address, user) is ignored."""

    name = FormCleanedField("name")
    email = FormCleanedField("email", help_text="Never published.")
    url = FormCleanedField("url", required=False, allow_blank=True, default="")
    body = FormCleanedField("body", help_text="Plain text; links become safe links.")
    parent = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID,
        help_text="The id of a published comment on the same article, to reply to it.",
    )  # fmt: skip
    notify_replies = serializers.BooleanField(
        required=False, default=False, help_text="Email me when someone replies."
    )
    staff_voice = serializers.BooleanField(
        required=False, default=False,
        help_text="Staff signed in with a token only: post as the newsroom, published at once, "
        "signed with your newsroom name and the newsroom's badge.",
    )  # fmt: skip

    def validate_staff_voice(self, value: bool) -> bool:
        user = self.context.get("user")
        if value and not speaks_for_newsroom(data={"staff_voice": value}, user=user):
            raise serializers.ValidationError(MESSAGE_STAFF_ONLY, code="staff_only")
        return value

    def validate_parent(self, value: int | None) -> Comment | None:
        if not value:
            return None
        article = self.context["article"]
        parent = answerable_comments(article).filter(pk=value).first()
        if parent is None:
            raise serializers.ValidationError(MESSAGE_BAD_PARENT, code="invalid_parent")
        return parent

    def submission_data(self) -> dict:
        """Return the fields the comment service takes."""
        return {key: self.validated_data.get(key) for key in SUBMISSION_FIELDS}


class CommentSerializer(serializers.ModelSerializer):
    """A published comment as anyone may read it."""

    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True, help_text="The commenter's website, or empty.")
    reply_count = serializers.IntegerField(
        read_only=True, help_text="Published direct replies to this comment."
    )
    is_pick = serializers.BooleanField(read_only=True, help_text="One of the editors' picks.")
    is_staff_voice = serializers.BooleanField(
        read_only=True, help_text="Posted by the newsroom (its badge); never a reader's claim."
    )
    useful_count = serializers.IntegerField(
        read_only=True, help_text="How many readers found this comment useful."
    )

    class Meta:
        model = Comment
        fields = [
            "id", "parent", "name", "url", "body_html", "created_at", "reply_count",
            "is_pick", "is_staff_voice", "useful_count", "edited_at",
        ]  # fmt: skip
        read_only_fields = fields


class CommentCreatedSerializer(serializers.ModelSerializer):
    """The comment just posted: published at once, or waiting for the editors."""

    article = serializers.IntegerField(source="article_id", read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True, help_text="The commenter's website, or empty.")
    status = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id", "article", "parent", "name", "url", "body_html", "created_at", "status",
            "message", "is_staff_voice",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=PUBLIC_STATUSES))
    def get_status(self, comment: Comment) -> str:
        # Spam is held silently: telling a spammer would teach them to get around the rules.
        return "approved" if comment.is_public else "pending"

    def get_message(self, comment: Comment) -> str:
        return str(MESSAGE_PUBLISHED if comment.is_public else MESSAGE_AWAITING)


class ReportCreateSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=CommentReport.Reason.choices)


class ReportReceivedSerializer(serializers.Serializer):
    comment = serializers.IntegerField(source="comment_id")
    reason = serializers.ChoiceField(choices=CommentReport.Reason.choices)
    message = serializers.SerializerMethodField()

    def get_message(self, report: CommentReport) -> str:
        return str(MESSAGE_REPORTED)


class ReactionStateSerializer(serializers.Serializer):
    """This reader's "useful" on a comment, and how many readers found it useful (never who)."""

    comment = serializers.IntegerField()
    pressed = serializers.BooleanField(help_text="Whether you find this comment useful now.")
    useful_count = serializers.IntegerField(min_value=0)
