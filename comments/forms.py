"""The reader's "leave a comment" form: shape checks only; rules live in moderation."""

import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.models import BODY_MAX_LENGTH, Comment
from comments.selectors import answerable_comments
from comments.services.submit import SUBMISSION_FIELDS
from comments.text import spelled_out_length

TIMESTAMP_SALT = "comments.form-timestamp"
HONEYPOT_FIELD = "homepage"
MESSAGE_EXPIRED = _("This form has expired. Please send your comment again.")
MESSAGE_BAD_PARENT = _("You can only reply to a published comment on this article.")
MESSAGE_NAME_LINES = _("Please write your name on one line.")
MESSAGE_SPELLED_OUT_TOO_LONG = _(
    "Your comment is too long once its ligatures and symbols (such as ﷺ) are counted as the "
    "letters they stand for: %(length)d characters, of at most %(limit)d."
)


def validate_one_line(value: str) -> None:
    """Refuse a line break inside a name: it would add lines to the editors' plain-text email."""
    if len(value.splitlines()) > 1:  # every break Python knows: CR, LF, NEL, U+2028 ...
        raise forms.ValidationError(MESSAGE_NAME_LINES, code="multiline")


def validate_spelled_out_length(body: str) -> None:
    """Refuse a body that NFKC spells out past the limit (U+FDFA alone is 18 letters)."""
    if len(body) > BODY_MAX_LENGTH:
        return  # the field's own length check already said so, at no cost
    length = spelled_out_length(body)
    if length > BODY_MAX_LENGTH:
        raise forms.ValidationError(
            MESSAGE_SPELLED_OUT_TOO_LONG, code="too_long_spelled_out",
            params={"length": length, "limit": BODY_MAX_LENGTH},
        )  # fmt: skip


def form_timestamp(article: Article) -> str:
    """Return a signed token that dates the form and ties it to the article."""
    return signing.dumps({"a": article.pk, "t": int(time.time())}, salt=TIMESTAMP_SALT)


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, validators=[validate_one_line])
    email = forms.EmailField(
        label=_("Email"), max_length=254, help_text=_("Never published."),
    )  # fmt: skip
    url = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )  # fmt: skip
    body = forms.CharField(
        label=_("Comment"), max_length=BODY_MAX_LENGTH,
        validators=[validate_spelled_out_length],
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )  # fmt: skip
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    timestamp = forms.CharField(widget=forms.HiddenInput)
    homepage = forms.CharField(
        required=False, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )  # fmt: skip
    notify_replies = forms.BooleanField(
        label=_("Email me when someone replies to my comment."), required=False
    )
    remember = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."),
        required=False,
    )

    def __init__(self, *args, article: Article, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.article = article
        if user is not None and user.is_authenticated and user.is_active and user.is_staff:
            self.fields["staff_voice"] = forms.BooleanField(
                label=_("Speak for the newsroom"), required=False,
                help_text=_("Signed with your newsroom name and the newsroom's badge; "
                            "published at once."),
            )  # fmt: skip
        self.bot_check_failed = False
        self.fields["timestamp"].initial = form_timestamp(article)
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "dir": "auto"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "dir": "ltr"})
        self.fields["url"].widget.attrs.update({"autocomplete": "url", "dir": "ltr"})
        self.helper = self._build_helper()

    def _build_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # _form.html holds the form tag and its CSRF token
        helper.form_show_errors = True
        helper.label_class = "col-md-3 col-form-label"
        helper.field_class = "col-md-9"
        helper.form_class = "form-horizontal"
        helper.layout = Layout(
            Field("name"), Field("email"), Field("url"), Field("body"),
            Field("parent"), Field("timestamp"),
            Field(HONEYPOT_FIELD, wrapper_class="nr-honeypot"),
            Field("notify_replies"), Field("remember"),
            *([Field("staff_voice")] if "staff_voice" in self.fields else []),
            Submit("submit", _("Post comment"), css_class="btn btn-primary"),
        )  # fmt: skip
        return helper

    def clean_timestamp(self) -> str:
        value = self.cleaned_data["timestamp"]
        try:
            data = signing.loads(value, salt=TIMESTAMP_SALT, max_age=settings.COMMENTS_FORM_MAX_AGE)
        except signing.SignatureExpired:
            self._renew_timestamp()
            raise forms.ValidationError(MESSAGE_EXPIRED, code="expired") from None
        except signing.BadSignature:
            self.bot_check_failed = True
            return value
        too_fast = time.time() - data.get("t", 0) < settings.COMMENTS_FORM_MIN_SECONDS
        if data.get("a") != self.article.pk or too_fast:
            self.bot_check_failed = True
        return value

    def _renew_timestamp(self) -> None:
        self.data = self.data.copy()
        self.data["timestamp"] = form_timestamp(self.article)

    def clean_homepage(self) -> str:
        if self.cleaned_data.get(HONEYPOT_FIELD):
            self.bot_check_failed = True
        return ""

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = answerable_comments(self.article).filter(pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(MESSAGE_BAD_PARENT, code="invalid_parent")
        return parent

    def submission_data(self) -> dict:
        """Return the fields the comment service takes."""
        return {key: self.cleaned_data.get(key) for key in SUBMISSION_FIELDS}


class CommentEditForm(forms.Form):
    """The author's correction of their comment's text: its shape; comment_edit judges the rest."""

    body = forms.CharField(
        label=_("Comment"), max_length=BODY_MAX_LENGTH,
        validators=[validate_spelled_out_length],
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )  # fmt: skip
