"""Posting costs a fixed, small number of queries whatever the article's size."""

import pytest
from django.urls import reverse

from comments.models import Comment, ModerationSettings
from comments.policy import load_policy
from tests.factories import make_comment, make_verified_email
from tests.integration.test_comment_form import form_data

pytestmark = pytest.mark.django_db
MAX_QUERIES_PER_POST = 12


@pytest.fixture(autouse=True)
def _lists_cached(db):
    """Measure the steady state: the editors' lists are cached between posts."""
    load_policy(ModerationSettings.current())


@pytest.mark.parametrize("existing", [5, 500])
@pytest.mark.parametrize(
    ("author", "known_author"),
    [("new@example.com", False), ("known@example.com", True), ("unconfirmed@example.com", False)],
    ids=["held", "approved", "known-unconfirmed-held"],
)
def test_a_post_issues_a_bounded_number_of_queries(
    client, article, existing, author, known_author, django_assert_max_num_queries
):
    ModerationSettings.objects.update(flood_seconds=0)
    make_verified_email("known@example.com")
    for _ in range(existing):
        make_comment(article=article, email="known@example.com")
        make_comment(article=article, email="unconfirmed@example.com")
    email = author
    with django_assert_max_num_queries(MAX_QUERIES_PER_POST) as captured:
        response = client.post(
            reverse("pages:comment_post", args=[article.pk]), form_data(article, email=email)
        )
    print(f"\nqueries for {author}: {len(captured)}")
    assert response.status_code == 302
    expected = Comment.Status.APPROVED if known_author else Comment.Status.PENDING
    assert Comment.objects.get(email=email, body=form_data(article)["body"]).status == expected


@pytest.mark.parametrize("existing", [5, 500])
def test_an_api_post_with_an_idempotency_key_issues_a_bounded_number_of_queries(
    client, article, existing, django_assert_max_num_queries
):
    for _ in range(existing):
        make_comment(article=article)
    with django_assert_max_num_queries(MAX_QUERIES_PER_POST):
        response = client.post(
            f"/api/v1/articles/{article.pk}/comments/",
            {"name": "قارئ", "email": "app@example.com", "body": "تعليق من التطبيق"},
            content_type="application/json", headers={"idempotency-key": f"key-{existing}"},
        )  # fmt: skip
    assert response.status_code == 201


@pytest.mark.parametrize("fresh_check", [False, True], ids=["loaded", "asks-which-version"])
def test_a_post_scored_by_the_abuse_model_stays_within_the_bound(
    client, article, risk_model, settings, fresh_check, django_assert_max_num_queries
):
    from comments import scoring

    ModerationSettings.objects.update(flood_seconds=0)
    scoring.current_model()  # loaded once, as a running process has it
    if fresh_check:  # the worst case: the interval passed and the cache lost the version
        settings.COMMENTS_RISK_CHECK_SECONDS = 0
        scoring.forget_loaded_model()
    with django_assert_max_num_queries(MAX_QUERIES_PER_POST):
        response = client.post(reverse("pages:comment_post", args=[article.pk]), form_data(article))
    assert response.status_code == 302
    assert Comment.objects.get(body=form_data(article)["body"]).risk is not None
