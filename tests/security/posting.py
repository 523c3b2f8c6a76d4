"""Post comments through the real paths, the reader's form and the API, as many distinct readers."""

import itertools
import json

from django.test import Client
from django.urls import reverse

from articles.models import Article
from comments.forms import form_timestamp
from comments.models import ModerationSettings

_reader = itertools.count(1)
API_COMMENTS_URL = "/api/v1/articles/{article_id}/comments/"


def reader_address() -> tuple[str, str]:
    """Return a fresh (email, IP address) pair, so flood and throttle rules see a new reader."""
    n = next(_reader)
    return f"reader{n}@example.com", f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def open_the_gates() -> None:
    """Let one reader post often: no flood wait and no first-time hold rule in the way."""
    ModerationSettings.objects.update_or_create(
        pk=1, defaults={"flood_seconds": 0, "hold_first_time": False, "max_links": 50}
    )


def form_fields(article: Article, **fields: str) -> dict[str, str]:
    """Return a complete, valid form submission with the given fields replaced."""
    email, _ip = reader_address()
    data = {
        "name": "قارئ",
        "email": email,
        "url": "",
        "body": "تعليق",
        "parent": "",
        "timestamp": form_timestamp(article),
        "homepage": "",
    }
    return data | fields


def post_form(client: Client, article: Article, **fields: str):
    """Post the reader's form from a fresh address; return the response."""
    _email, ip = reader_address()
    return client.post(
        reverse("pages:comment_post", args=[article.pk]),
        form_fields(article, **fields),
        REMOTE_ADDR=ip,
    )


def post_api(client: Client, article: Article, **fields: object):
    """Post a comment as JSON to the API from a fresh address; return the response."""
    email, ip = reader_address()
    payload = {"name": "قارئ", "email": email, "url": "", "body": "تعليق"} | fields
    return client.post(
        API_COMMENTS_URL.format(article_id=article.pk),
        data=json.dumps(payload),
        content_type="application/json",
        REMOTE_ADDR=ip,
    )
