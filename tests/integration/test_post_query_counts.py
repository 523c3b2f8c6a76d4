"""Posting costs a fixed, small number of queries whatever the article's size."""

import pytest
from django.urls import reverse

from comments.models import Comment, ModerationSettings
from tests.factories import make_comment
from tests.integration.test_comment_form import form_data

pytestmark = pytest.mark.django_db
MAX_QUERIES_PER_POST = 12


@pytest.mark.parametrize("existing", [5, 500])
@pytest.mark.parametrize("known_author", [False, True], ids=["held", "approved"])
def test_a_post_issues_a_bounded_number_of_queries(
    client, article, existing, known_author, django_assert_max_num_queries
):
    ModerationSettings.objects.update(flood_seconds=0)
    for _ in range(existing):
        make_comment(article=article, email="known@example.com")
    email = "known@example.com" if known_author else "new@example.com"
    with django_assert_max_num_queries(MAX_QUERIES_PER_POST):
        response = client.post(
            reverse("comments:post", args=[article.pk]), form_data(article, email=email)
        )
    assert response.status_code == 302
    expected = Comment.Status.APPROVED if known_author else Comment.Status.PENDING
    assert Comment.objects.get(email=email, body=form_data(article)["body"]).status == expected
