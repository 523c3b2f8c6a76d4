"""Every XSS vector of the corpora, posted by form and API and approved, is inert where it shows."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from comments.models import Comment
from tests.security.conftest import make_user, module_data
from tests.security.hostile import BENIGN_URL, HostileArticle, build_hostile_article
from tests.security.html_checks import (
    FORBIDDEN_TAGS,
    parse,
    reader_html_problems,
    skeleton,
    tree_problems,
    url_scheme,
)
from tests.security.posting import API_COMMENTS_URL

pytestmark = pytest.mark.django_db
BODY_CLASS = "nr-comment-body"


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        yield build_hostile_article()


@pytest.fixture(scope="module")
def article_page(hostile):
    """Return the parsed article page with every comment on it (one page)."""
    total = hostile.approved.count()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.COMMENTS_PER_PAGE", total + 10)
        response = Client().get(hostile.article.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content)


def _comment_items(page) -> list:
    section = page.find(id="comments")
    return section.find_all("li", class_="nr-comment")


def _refusable(payload: str) -> bool:
    return "\x00" in payload or not payload.strip()


def test_both_paths_store_every_vector_they_accept_and_never_fail(hostile: HostileArticle):
    for path in ("form", "api"):
        assert not [code for code in hostile.statuses[path] if code >= 500], path
        # Only a NUL character or a blank comment may stop a payload: anything else is text.
        refused = [(p, code) for p, code in hostile.refused[path] if not _refusable(p)]
        assert refused == [], path
    stored = sum(c for code, c in hostile.statuses["form"].items() if code == 302)
    assert hostile.approved.count() == 2 + stored


def test_the_api_stores_each_vector_exactly_as_the_form_does(hostile):
    """So what the page shows for form-posted comments is what it shows for API-posted ones."""
    fields = ("name", "url", "body", "body_html")
    by_form = Comment.objects.filter(article=hostile.article).order_by("pk").values_list(*fields)
    by_api = Comment.objects.filter(article=hostile.api_article).order_by("pk").values_list(*fields)
    assert list(by_api) == list(by_form)[2:]


def test_every_approved_comment_is_on_the_parsed_page(hostile, article_page):
    assert len(_comment_items(article_page)) == hostile.approved.count()


def test_reader_input_never_changes_the_shape_of_a_comment(article_page):
    items = _comment_items(article_page)
    benign = {skeleton(li, opaque={BODY_CLASS}) for li in items[:2]}
    assert len(benign) == 2, "the two benign comments (with and without a website) differ"
    broken = [li.get("id") for li in items[2:] if skeleton(li, opaque={BODY_CLASS}) not in benign]
    assert broken == []


def test_comment_bodies_hold_only_the_allow_list(article_page):
    problems = {
        li.get("id"): found
        for li in _comment_items(article_page)
        if (found := reader_html_problems(li.find(class_=BODY_CLASS)))
    }
    assert problems == {}


def test_no_handler_style_or_script_url_anywhere_in_the_comments(article_page):
    assert tree_problems(article_page.find(id="comments")) == []


def test_website_links_are_http_and_names_stay_text(article_page):
    for li in _comment_items(article_page):
        author = li.find(class_="nr-comment-author")
        link = author.find("a")
        if link is not None:
            assert url_scheme(link["href"]) in {"http", "https"}
        assert [el.name for el in author.find_all(True)] in (["a", "bdi"], ["bdi"])


def test_the_page_runs_only_our_own_scripts(article_page):
    for element in article_page.find_all(
        FORBIDDEN_TAGS & {"script", "iframe", "object", "embed", "base"}
    ):
        assert element.name == "script" and element.get("src", "").startswith("/static/")
    assert [
        el for el in article_page.find_all(True) if any(a.startswith("on") for a in el.attrs)
    ] == []


def test_no_reader_email_reaches_the_page(hostile, article_page):
    emails = set(Comment.objects.filter(article=hostile.article).values_list("email", flat=True))
    text = str(article_page)
    assert [email for email in emails if email in text] == []


def test_the_comments_feed_carries_only_inert_html(hostile):
    try:
        url = reverse("comments:feed", kwargs={"slug": hostile.article.slug})
    except NoReverseMatch:
        pytest.fail("the comments feed route comments:feed is gone")
    total = hostile.approved.count()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("comments.feeds.FEED_ITEMS", total + 10)
        response = Client().get(url)
    assert response.status_code == 200
    items = ET.fromstring(response.content).iter("item")
    descriptions = [item.findtext("description") or "" for item in items]
    assert len(descriptions) == total
    problems = [p for html in descriptions for p in reader_html_problems(parse(html).body)]
    assert problems == []
    assert "@example.com" not in response.content.decode()


@pytest.fixture
def editor_client(db):
    editor = make_user("xss-editor", staff=True, groups=["Editors"])
    client = Client()
    client.force_login(editor)
    return client


def test_the_admin_changelist_shows_reader_text_as_text(hostile, editor_client):
    model_admin = admin.site._registry[Comment]
    total = hostile.approved.count()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model_admin, "list_per_page", total + 10)
        url = reverse("admin:comments_comment_changelist")
        response = editor_client.get(
            url, {"article__id__exact": hostile.article.pk, "status": "approved"}
        )
    assert response.status_code == 200
    rows = parse(response.content).find(id="result_list").find("tbody").find_all("tr")
    assert len(rows) == total
    shapes = {skeleton(row) for row in rows}
    assert len(shapes) == 1, "a reader's text changed the shape of an admin row"
    problems = [p for row in rows for p in tree_problems(row)]
    assert problems == []


def test_the_api_lists_sanitized_html_and_no_email(hostile):
    client = Client()
    url = API_COMMENTS_URL.format(article_id=hostile.api_article.pk) + "?page_size=100"
    items = []
    while url:  # follow the cursor through every page
        response = client.get(url)
        assert response.status_code == 200
        assert "@example.com" not in response.content.decode()
        items += response.json()["results"]
        url = response.json()["next"]
    assert len(items) == Comment.objects.public().filter(article=hostile.api_article).count()
    for item in items:
        assert "email" not in item and "ip_address" not in item
        assert reader_html_problems(parse(item["body_html"]).body) == []


def test_benign_website_is_kept_as_typed(article_page):
    assert article_page.find("a", href=BENIGN_URL) is not None


def test_the_desk_shows_reader_html_sanitized(hostile, editor_client):
    total = hostile.approved.count()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("comments.admin.desk.cards.PAGE_SIZE", total + 10)
        response = editor_client.get(
            reverse("admin:comments_comment_desk"),
            {"article": hostile.article.pk, "status": "approved"},
        )
    assert response.status_code == 200
    bodies = parse(response.content).select(".nr-card-body")
    assert len(bodies) == total
    assert [p for body in bodies for p in reader_html_problems(body)] == []


def test_marking_matched_words_only_adds_marks_around_text(hostile):
    """The desk marks held-for words inside sanitized HTML: it must not change anything else."""
    import re

    from comments.admin.desk.highlight import highlight_terms

    for body_html, body in hostile.approved.values_list("body_html", "body"):
        words = (*re.findall(r"\w+", body)[:4], "href", "script", "amp", "lt")
        marked = str(highlight_terms(body_html, words))
        assert marked.replace("<mark>", "").replace("</mark>", "") == body_html
        for mark in parse(marked).find_all("mark"):
            assert mark.find(True) is None and "<" not in mark.decode_contents()
