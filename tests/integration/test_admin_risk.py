"""The abuse model's score in the editors' queue: sorted, filtered, explained on the comment page."""

import pytest
from django.urls import reverse

from comments.models import Comment, ModerationSettings
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")
PENDING = Comment.Status.PENDING


def rows(client, **params) -> list[str]:
    """Return the bodies in the queue's order (each test body is one unique marker word)."""
    html = client.get(QUEUE, params).content.decode()
    found = [(html.find(marker), marker) for marker in MARKERS if marker in html]
    return [marker for _at, marker in sorted(found)]


MARKERS = ("علامة-منخفض", "علامة-عال", "علامة-بلا", "علامة-وسط")


@pytest.fixture
def queue(article):
    make_comment(article=article, body="علامة-منخفض", status=PENDING, risk=0.1)
    make_comment(article=article, body="علامة-بلا", status=PENDING)
    make_comment(article=article, body="علامة-عال", status=PENDING, risk=0.9)
    make_comment(article=article, body="علامة-وسط", status=PENDING, risk=0.5)


def test_the_pending_queue_opens_riskiest_first_unscored_last(client, editor, queue):
    assert rows(client) == ["علامة-عال", "علامة-وسط", "علامة-منخفض", "علامة-بلا"]


def test_other_statuses_keep_the_oldest_first_order(client, editor, article):
    make_comment(article=article, body="علامة-منخفض", risk=0.1)
    make_comment(article=article, body="علامة-عال", risk=0.9)
    assert rows(client, status="approved") == ["علامة-منخفض", "علامة-عال"]


def test_editors_can_sort_by_risk_either_way(client, editor, queue):
    columns = client.get(QUEUE).context["cl"].list_display
    risk_column = str(columns.index("risk_col"))
    ascending = rows(client, o=risk_column)
    descending = rows(client, o="-" + risk_column)
    assert ascending == ["علامة-عال", "علامة-وسط", "علامة-منخفض", "علامة-بلا"]
    assert descending == ["علامة-بلا", "علامة-منخفض", "علامة-وسط", "علامة-عال"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("high", ["علامة-عال"]), ("low", ["علامة-وسط", "علامة-منخفض"]), ("none", ["علامة-بلا"])],
)
def test_the_queue_filters_by_risk_against_the_sites_threshold(client, editor, queue, value,
                                                                expected):  # fmt: skip
    ModerationSettings.objects.update(risk_hold_threshold=0.6)
    assert rows(client, risk=value) == expected


def test_the_queue_shows_each_rows_risk(client, editor, queue):
    html = client.get(QUEUE).content.decode()
    assert "0.90" in html and "0.10" in html


def test_the_comment_page_marks_the_words_that_raised_the_risk(client, editor, article):
    comment = make_comment(article=article, status=PENDING, risk=0.87,
                           body="أنتَ حَقِـــير <b>وغبي</b>", risk_terms=["حقير"])  # fmt: skip
    html = client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
    assert "<mark>حَقِـــير</mark>" in html
    assert "&lt;b&gt;وغبي&lt;/b&gt;" in html  # the reader's text stays escaped
    assert "0.87" in html


def test_the_queue_with_risk_takes_a_bounded_number_of_queries(client, editor, article,
                                                               django_assert_max_num_queries):  # fmt: skip
    for n in range(30):
        make_comment(article=article, status=PENDING, risk=n / 30)
    with django_assert_max_num_queries(12):
        assert client.get(QUEUE, {"risk": "high"}).status_code == 200
