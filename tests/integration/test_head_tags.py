"""The head of every page: title, description, canonical link, Open Graph, feed links."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db

HOST = settings.NEWSROOM_SITE_URL.rstrip("/")  # the site's address, never the request's Host


def head_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def meta(head, key: str) -> str:
    [tag] = head.find_all("meta", attrs={"property": key}) or head.find_all(
        "meta", attrs={"name": key}
    )
    return tag["content"]


def page_urls(article) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "section": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
    }


@pytest.mark.parametrize("page", ["home", "section", "article"])
def test_every_page_has_title_description_canonical_and_feed_link(client, article, page):
    url = page_urls(article)[page]
    head = head_of(client.get(f"{url}?utm_source=x"))
    assert len(head.find_all("title")) == 1 and head.title.string.strip()
    assert meta(head, "description").strip()
    [canonical] = head.find_all("link", rel="canonical")
    assert canonical["href"] == f"{HOST}{url}"  # the tracking query is not part of it
    assert meta(head, "og:url") == canonical["href"]
    assert meta(head, "og:site_name") and meta(head, "og:locale") == "ar_AR"
    feeds = head.find_all("link", rel="alternate", type="application/rss+xml")
    assert reverse("articles:feed") in [link["href"] for link in feeds]
    assert all(link["title"] for link in feeds)


def test_article_page_has_its_open_graph_tags_and_comment_feed(client, section):
    article = make_article(
        section=section, title='مقال "مقتبس" <b>بخط عريض</b>', excerpt="ملخص قصير للمقال."
    )
    head = head_of(client.get(article.get_absolute_url()))
    assert head.title.string.startswith(article.title)
    assert meta(head, "og:type") == "article"
    assert meta(head, "og:title") == article.title  # escaped in the HTML, intact once parsed
    assert meta(head, "og:description") == meta(head, "description") == article.excerpt
    assert meta(head, "article:section") == section.name
    assert datetime.fromisoformat(meta(head, "article:published_time")) == article.published_at
    feeds = [link["href"] for link in head.find_all("link", rel="alternate")]
    assert reverse("comments:feed", args=[article.slug]) in feeds


def test_article_description_falls_back_to_a_shortened_title(client, section):
    article = make_article(section=section, title="ع" * 200, excerpt="")
    head = head_of(client.get(article.get_absolute_url()))
    assert len(meta(head, "description")) <= 160
    assert meta(head, "og:description") == meta(head, "description")


def test_section_page_has_its_own_title_and_open_graph_title(client, article):
    head = head_of(client.get(article.section.get_absolute_url()))
    assert head.title.string.startswith(article.section.name)
    assert meta(head, "og:title") == article.section.name
    assert article.section.name in meta(head, "description")


def test_canonical_link_of_a_later_page_keeps_the_page_number(client, section):
    for _ in range(13):
        make_article(section=section)
    head = head_of(client.get(reverse("articles:home"), {"page": 2}))
    assert head.find("link", rel="canonical")["href"] == f"{HOST}/?page=2"


def test_english_pages_say_so_in_open_graph(client, article, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    head = head_of(client.get(article.get_absolute_url()))
    assert meta(head, "og:locale") == "en_US"
