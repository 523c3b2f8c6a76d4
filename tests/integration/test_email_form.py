"""Every way in stores a commenter's email in one form, so lookups by email are exact."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.importers.common import clean_email
from comments.models import Comment
from comments.services.privacy import comments_of
from comments.services.reports import commenter_history
from tests.factories import make_comment
from tests.migration_steps import historical_article, rows_made_at


def test_imported_addresses_are_stored_in_lower_case():
    assert clean_email("  Salma@Example.COM ") == "salma@example.com"
    assert clean_email(None) == ""


@pytest.mark.django_db
def test_an_editors_edit_is_stored_in_lower_case(article):
    comment = make_comment(article=article)
    comment.email = "Salma@Example.COM"
    comment.save()
    comment.refresh_from_db()
    assert comment.email == "salma@example.com"


@pytest.mark.django_db
def test_lookups_by_email_are_exact_whatever_case_is_asked(article):
    mine = make_comment(article=article, email="salma@example.com", status="spam")
    make_comment(article=article, email="other@example.com")
    with CaptureQueriesContext(connection) as captured:
        assert list(comments_of(" SALMA@example.com ")) == [mine]
        assert commenter_history(email="Salma@Example.com", ip=None)["email"]["spam"] == 1
    for query in captured.captured_queries:  # no UPPER()/LIKE: the email index serves them
        assert "UPPER(" not in query["sql"] and "LIKE" not in query["sql"], query["sql"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_lower_cases_stored_addresses():
    with rows_made_at([("comments", "0008_hash_reporter_addresses")]) as apps:
        article = historical_article(apps)
        comments = apps.get_model("comments", "Comment").objects
        for email in (" Salma@Example.COM", "ali@example.com"):
            comments.create(
                article=article, name="قارئ", email=email, body="نص", created_at=timezone.now()
            )
    stored = sorted(Comment.objects.values_list("email", flat=True))
    assert stored == ["ali@example.com", "salma@example.com"]
