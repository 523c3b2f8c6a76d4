"""Counts for other sites' lists: by the pages' addresses, in one query, readable by allowed sites."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db
URL = "/api/v1/comment-counts/"
HOST = "https://news.example"
STORY = f"{HOST}/2026/11/story/"
OTHER = f"{HOST}/2026/11/other/"


@pytest.fixture(autouse=True)
def _allowed(settings):
    settings.EMBED_ALLOWED_ORIGINS = [HOST]


def thread(url: str, comments: int) -> Article:
    article = make_article(kind="external", canonical_url=url, body_html="")
    for _ in range(comments):
        make_comment(article=article)
    return article


@pytest.mark.parametrize("comments", [5, 500])
def test_pages_are_counted_by_their_address_in_one_query(comments):
    story, other = thread(STORY, comments), thread(OTHER, 1)
    asked = [STORY + "?utm_source=list#comments", OTHER, f"{HOST}/never-embedded/"]
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(URL, {"urls": asked}, headers={"accept-language": "en"})
    assert response.status_code == 200 and len(queries.captured_queries) == 1
    assert response.json()["counts"] == [
        {"url": asked[0], "article": story.pk, "count": comments, "label": f"{comments} comments"},
        {"url": OTHER, "article": other.pk, "count": 1, "label": "1 comment"},
        {"url": asked[2], "article": None, "count": 0, "label": "0 comments"},
    ]


def test_an_answer_with_a_page_not_yet_threaded_is_not_shared():
    thread(STORY, 2)
    known = Client().get(URL, {"urls": [STORY]})
    assert "public" in known["Cache-Control"]
    unknown = Client().get(URL, {"urls": [STORY, OTHER]})
    assert "public" not in unknown["Cache-Control"]


def test_articles_and_urls_in_one_request():
    page = make_article()
    thread(STORY, 3)
    response = Client().get(URL, {"articles": str(page.pk), "urls": [STORY]})
    assert [entry["count"] for entry in response.json()["counts"]] == [0, 3]


def test_only_allowed_sites_may_read_the_answer():
    thread(STORY, 1)
    allowed = Client().get(URL, {"urls": [STORY]}, headers={"origin": HOST})
    assert allowed["Access-Control-Allow-Origin"] == HOST
    assert "Origin" in allowed["Vary"]
    other = Client().get(URL, {"urls": [STORY]}, headers={"origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Credentials" not in allowed


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "/relative/", "ftp://news.example/a"])
def test_an_address_that_is_not_a_page_is_a_translated_400(bad):
    response = Client().get(URL, {"urls": [STORY, bad]})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields == {"urls.1": ["اكتب عنوان كل صفحة كاملاً يبدأ بـ http أو https."]}


def test_more_than_a_hundred_pages_and_articles_together_are_refused():
    urls = [f"{HOST}/{n}/" for n in range(60)]
    ids = ",".join(str(n) for n in range(1, 42))
    response = Client().get(URL, {"urls": urls, "articles": ids})
    assert response.status_code == 400
