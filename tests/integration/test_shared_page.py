"""The shared article page: cached once for most readers, never sharing what belongs to one."""

import re
import time

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.forms import TIMESTAMP_SALT
from comments.models import Comment
from comments.services.decisions import comments_set_status
from newsroom.versions import TIME_BUCKET_SECONDS
from pages.page_cache import secret_marker
from tests.factories import make_article, make_comment, make_comments_bulk, make_user
from tests.integration.test_comment_form import form_data

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMESTAMP_INPUT = re.compile(r'name="timestamp" value="([^"]+)"')
RETURN_PATH = re.compile(r'name="next" value="([^"]*)"')


def get(client: Client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_second_reader_gets_the_cached_page_in_one_query(article):
    make_comment(article=article, body="تعليق أول")
    _, cold_queries = get(Client(), article.get_absolute_url())
    response, warm_queries = get(Client(), article.get_absolute_url())
    assert warm_queries == 1  # the article itself
    assert cold_queries > warm_queries
    assert "تعليق أول" in response.content.decode()


def test_readers_get_the_same_page_with_no_token_and_no_cookie(article):
    """What a shared HTTP cache keeps for everyone: nothing in it or around it is one reader's."""
    first, _ = get(Client(enforce_csrf_checks=True), article.get_absolute_url())
    second, _ = get(Client(enforce_csrf_checks=True), article.get_absolute_url())
    strip = lambda html: TIMESTAMP_INPUT.sub("", html)  # noqa: E731 - signed per request; JS renews it
    assert strip(first.content.decode()) == strip(second.content.decode())
    assert CSRF_INPUT.findall(first.content.decode()) == []
    assert not first.cookies and "nonce" not in first["Content-Security-Policy"]
    same_site = {"HTTP_SEC_FETCH_SITE": "same-origin"}
    url = reverse("pages:comment_post", args=[article.pk])
    assert (
        Client(enforce_csrf_checks=True).post(url, form_data(article), **same_site).status_code
        == 302
    )
    assert Comment.objects.count() == 1


def test_a_signed_in_reader_gets_a_token_of_their_own_that_the_form_accepts(article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    html = get(client, article.get_absolute_url())[0].content.decode()
    tokens = CSRF_INPUT.findall(html)
    assert len(tokens) == 2 and tokens[0] == tokens[1]  # the language switch and the comment form
    data = {**form_data(article), "csrfmiddlewaretoken": tokens[0]}
    assert client.post(reverse("pages:comment_post", args=[article.pk]), data).status_code == 302
    assert Comment.objects.count() == 1


def test_the_form_timestamp_is_signed_at_each_request(article, monkeypatch):
    start = (int(time.time()) // TIME_BUCKET_SECONDS) * TIME_BUCKET_SECONDS + 10
    stamps = []
    for now in (start, start + 60):  # the same time bucket: the second page comes from the cache
        monkeypatch.setattr(time, "time", lambda now=now: float(now))
        response, queries = get(Client(), article.get_absolute_url())
        (signed,) = TIMESTAMP_INPUT.findall(response.content.decode())
        stamps.append(signing.loads(signed, salt=TIMESTAMP_SALT))
    assert queries == 1
    assert stamps == [{"a": article.pk, "t": start}, {"a": article.pk, "t": start + 60}]


def test_the_language_switch_returns_to_the_address_asked_for_escaped(article):
    get(Client(), article.get_absolute_url())
    url = article.get_absolute_url() + '?utm_source="><script>alert(1)</script>'
    response, queries = get(Client(), url)
    html = response.content.decode()
    assert queries == 1
    assert "<script>alert(1)" not in html
    assert RETURN_PATH.findall(html) == [
        article.get_absolute_url() + "?utm_source=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    ]


def test_a_page_with_form_errors_returns_to_the_article_address(client, article):
    response = client.post(
        reverse("pages:comment_post", args=[article.pk]), form_data(article, body="")
    )
    assert response.status_code == 400
    assert RETURN_PATH.findall(response.content.decode()) == [article.get_absolute_url()]


def test_a_signed_in_readers_page_is_neither_shared_nor_served_to_them(article):
    user = make_user(username="huda", first_name="هدى")
    member = Client()
    member.force_login(user)
    get(Client(), article.get_absolute_url())
    mine, _ = get(member, article.get_absolute_url())
    assert 'value="هدى"' in mine.content.decode()
    theirs, _ = get(Client(), article.get_absolute_url())
    assert "هدى" not in theirs.content.decode()


def test_a_remembered_reader_sees_their_details_and_nobody_else_does(article):
    remembered = Client()
    data = form_data(article, remember="on", name="ريم", email="reem@example.com")
    remembered.post(reverse("pages:comment_post", args=[article.pk]), data)
    other = make_article(section=article.section)
    own_url = reverse("comments:own")
    mine = remembered.get(own_url, {"article": other.pk})
    assert mine.json()["author"] == {"name": "ريم", "email": "reem@example.com", "url": ""}
    assert "no-store" in mine["Cache-Control"] and "private" in mine["Cache-Control"]
    assert Client().get(own_url, {"article": other.pk}).json()["author"] is None
    for reader in (remembered, Client()):  # the page itself never holds them, for anyone
        page, _ = get(reader, other.get_absolute_url())
        assert "ريم" not in page.content.decode() and "reem@" not in page.content.decode()


def test_a_section_rename_shows_on_cached_pages_at_once(
    article, django_capture_on_commit_callbacks
):
    get(Client(), article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        article.section.name = "رياضة وشباب"
        article.section.save()
    response, _ = get(Client(), article.get_absolute_url())
    assert "رياضة وشباب" in response.content.decode()


def test_an_article_edit_shows_on_its_cached_page_at_once(
    article, django_capture_on_commit_callbacks
):
    get(Client(), article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "عنوان مصحح"
        article.save()
    response, _ = get(Client(), article.get_absolute_url())
    assert "عنوان مصحح" in response.content.decode()


def test_a_new_comment_re_renders_the_block_but_not_the_page_around_it(
    article, django_capture_on_commit_callbacks
):
    held = make_comment(article=article, body="تعليق جديد", status=Comment.Status.PENDING)
    get(Client(), article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        comments_set_status(ids=[held.pk], to_status="approved", actor=None, source="admin")
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(article.get_absolute_url())
    assert "تعليق جديد" in response.content.decode()
    # The article, the page of threads and the editors' picks: not the related articles, links,
    # settings or menu.
    read = [query["sql"] for query in queries.captured_queries]
    assert len(read) == 3 and all("comments_comment" in sql for sql in read[1:]), read


@pytest.mark.parametrize("count", [5, 500])
def test_cold_and_warm_pages_issue_a_fixed_number_of_queries(section, count):
    article = make_article(section=section)
    make_comments_bulk(article=article, count=count)
    _, cold = get(Client(), article.get_absolute_url())
    _, warm = get(Client(), article.get_absolute_url())
    # article, related (same section, then others), social links, threads with their replies,
    # the editors' picks, moderation settings (is it still open?), sections menu
    assert (cold, warm) == (8, 1)


def test_text_a_reader_types_never_opens_a_hole(article):
    guesses = "nrholecsrf nrholenonce nrholereturnpath nr-form-timestamp-sentinel nrhole"
    make_comment(article=article, body=guesses)
    client = Client()
    client.force_login(make_user())  # a page with the token's hole filled
    for reader in (Client(), Client(), client):  # rendered, then from the cache; then signed in
        html = get(reader, article.get_absolute_url())[0].content.decode()
        assert f"<p>{guesses}</p>" in html
    (token, _) = CSRF_INPUT.findall(html)
    assert html.count(token) == 2  # in the two forms, nowhere else


def test_hole_markers_come_from_the_secret_key(settings):
    marker = secret_marker("csrf")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert secret_marker("csrf") != marker and secret_marker("nonce") != secret_marker("csrf")


def test_a_deleted_article_leaves_the_cached_related_lists_at_once(
    article, django_capture_on_commit_callbacks
):
    gone = make_article(section=article.section, title="خبر سيحذف")
    assert "خبر سيحذف" in get(Client(), article.get_absolute_url())[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        type(gone).objects.filter(pk=gone.pk).delete()  # a queryset delete, as the admin's action
    assert "خبر سيحذف" not in get(Client(), article.get_absolute_url())[0].content.decode()
