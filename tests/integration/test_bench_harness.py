"""The benchmarks' seeded comments are the comments the app itself writes for the same input."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from bench import harness
from comments.models import Comment, ModerationSettings
from comments.services.submit import ClientInfo, comment_submit
from comments.text import search_text
from newsroom.sanitize import sanitize_comment
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

# Not derived from the input: the row's identity and the moment it was written.
NOT_CONTENT = ("id", "created_at")
# Shaped like a reader's typing: a trailing space, a newline, a bidi mark, an upper-case address.
NAME, EMAIL = "\u200fقارئ الاختبار ", "Reader@Example.com "
BODY = "تعليقٌ على الخبرِ، وفيه رأي.\nسطر ثانٍ & <b>رأي</b> "


def content(comment: Comment) -> dict:
    return {k: v for k, v in model_to_dict(comment).items() if k not in NOT_CONTENT}


@pytest.fixture
def approving(db):
    ModerationSettings.objects.update_or_create(
        pk=1, defaults={"flood_seconds": 0, "hold_first_time": False}
    )


def submitted(article, parent=None) -> Comment:
    data = {"name": NAME, "email": EMAIL, "url": "", "body": BODY, "parent": parent}
    return comment_submit(article=article, data=data, client=ClientInfo(ip="127.0.0.1"))


def seeded(article, parent=None) -> Comment:
    [comment] = Comment.objects.bulk_create(
        [
            harness.seed_comment(
                article=article, name=NAME, email=EMAIL, body=BODY, parent=parent,
                created_at=timezone.now() - timedelta(minutes=1),
            )
        ]
    )  # fmt: skip
    return comment


def test_seeded_comment_equals_what_the_app_writes_for_the_same_input(article, approving):
    written = submitted(article)
    assert written.status == Comment.Status.APPROVED
    assert content(seeded(article)) == content(written)


def test_seeded_reply_equals_what_the_app_writes_for_the_same_input(article, approving):
    top = make_comment(article=article)
    written = submitted(article, parent=top)
    assert content(seeded(article, parent=top)) == content(written)


def test_harness_article_holds_comments_the_app_would_have_written(approving):
    article = harness.make_article_with_comments(20)
    for comment in article.comments.all()[:5]:
        assert comment.body_normalized == search_text(f"{comment.name} {comment.body}")
        assert comment.body_html == sanitize_comment(comment.body)
    assert article.comments.filter(depth=1).count() == 6
