"""No public endpoint ever returns a commenter's email or IP address, in any form."""

import hashlib
import uuid

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services.decisions import comments_set_status
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

SECRET_IP = "203.0.113.77"


# Public operations that answer nothing without a query.
REQUIRED_QUERIES = {"/api/v1/comment-counts/": "?articles={article_id}"}


def public_get_paths(client) -> list[str]:
    """Return every GET operation of the schema that works without a token."""
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    paths = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get and {} in get.get("security", [{}]):
            paths.append(path)
    return paths


def leaks(text: str, email: str) -> list[str]:
    """Return the forms of the email or IP address found in the text."""
    forms = {
        email, email.split("@")[0], SECRET_IP,
        hashlib.md5(email.encode()).hexdigest(), hashlib.sha256(email.encode()).hexdigest(),
    }  # fmt: skip
    return [form for form in forms if form in text]


def test_email_and_ip_never_reach_a_public_endpoint(client, section):
    email = f"secret-{uuid.uuid4().hex}@example.com"
    article = make_article(section=section)
    make_article(section=section)  # so the article shows up as related to another one
    posted = client.post(
        reverse("api:article-comments", args=[article.pk]),
        {"name": "قارئة", "email": email, "body": "تعليق سري المصدر"},
        content_type="application/json",
        REMOTE_ADDR=SECRET_IP,
    )
    assert posted.status_code == 201
    assert not leaks(posted.content.decode(), email)
    comment = Comment.objects.get(email=email)
    assert comment.ip_address == SECRET_IP
    comments_set_status(ids=[comment.pk], to_status="approved", actor=None, source="api")
    make_comment(article=article, parent=comment)

    paths = public_get_paths(client)
    assert {"/api/v1/articles/{article_id}/comments/", "/api/v1/sections/"} <= set(paths)
    seen_comment = False
    for path in paths:
        url = path.replace("{article_id}", str(article.pk)) + REQUIRED_QUERIES.get(path, "").format(
            article_id=article.pk
        )
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert not leaks(text, email), url
        assert '"email"' not in text and '"ip_address"' not in text, url
        seen_comment |= "تعليق سري المصدر" in text
    assert seen_comment  # the comment itself was served, only without who sent it
