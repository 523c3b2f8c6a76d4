"""The embed: a page's thread by its address, its frame, its posts, framed by allowed sites only."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from comments.models import Comment, ModerationSettings
from pages.embed.reader_cookies import AUTHOR_COOKIE, OWN_COOKIE
from tests.factories import make_article, make_comment
from tests.integration.test_comment_form import form_data
from tests.integration.test_post_query_counts import MAX_QUERIES_PER_POST
from tests.queries import reads_comments

pytestmark = pytest.mark.django_db
HOST = "https://news.example"
STORY = f"{HOST}/2026/11/story/"


@pytest.fixture(autouse=True)
def _allowed(settings):
    settings.EMBED_ALLOWED_ORIGINS = [HOST, "https://www.news.example"]
    ModerationSettings.objects.update_or_create(pk=1, defaults={"flood_seconds": 0})


def open_thread(client, url=STORY, *, title="قصة", lang="ar", referer=HOST + "/"):
    headers = {"referer": referer} if referer else {}
    query = {"url": url, "title": title, "lang": lang}
    return client.get(reverse("pages:embed_thread"), query, headers=headers)


def frame_of(article: Article, language: str = "ar") -> str:
    return reverse("pages:embed_frame", kwargs={"article_id": article.pk, "language": language})


def post_of(article: Article, language: str = "ar") -> str:
    return reverse("pages:embed_post", kwargs={"article_id": article.pk, "language": language})


def test_the_first_embed_of_a_page_creates_its_external_article(client):
    response = open_thread(client, "HTTPS://News.Example:443/2026/11/story/?utm_source=x#c")
    article = Article.objects.get()
    assert (article.kind, article.canonical_url, article.title) == ("external", STORY, "قصة")
    assert article.body_html == "" and article.status == Article.Status.PUBLISHED
    assert response.status_code == 302 and response["Location"] == frame_of(article)


def test_a_second_embed_of_the_same_page_finds_the_same_thread(client):
    open_thread(client)
    open_thread(client, STORY + "?fbclid=1", title="another title")
    assert Article.objects.get().title == "قصة"


def test_the_host_language_picks_the_frame_language(client):
    open_thread(client, lang="en-GB")
    article = Article.objects.get()
    assert open_thread(client, lang="en-GB")["Location"] == frame_of(article, "en")
    assert open_thread(client, lang="fr")["Location"] == frame_of(article, "ar")


@pytest.mark.parametrize(
    ("url", "referer"),
    [
        ("https://elsewhere.example/story/", HOST + "/"),  # a page of a site not allowed
        (STORY, "https://elsewhere.example/page"),  # an allowed page, framed elsewhere
        ("http://news.example/2026/11/story/", None),  # another scheme is another origin
    ],
)
def test_a_site_not_allowed_gets_no_thread_and_no_frame(client, url, referer):
    response = open_thread(client, url, referer=referer)
    assert response.status_code == 403
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert not Article.objects.exists()


def test_an_address_that_is_not_a_page_is_refused_clearly(client):
    response = open_thread(client, "javascript:alert(1)")
    assert response.status_code == 400
    assert "لا يمكن" in response.content.decode()
    assert not Article.objects.exists()


def test_no_allowed_site_means_no_embed(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    assert open_thread(client).status_code == 403
    assert not Article.objects.exists()


def test_the_frame_may_be_framed_by_the_allowed_sites_only(client):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    response = client.get(frame_of(article))
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors https://news.example https://www.news.example" in policy
    assert "X-Frame-Options" not in response
    page = client.get(reverse("articles:home"))
    assert "frame-ancestors 'self'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"


def test_the_frame_shows_the_approved_thread_in_the_page_markup_and_the_form(client):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    parent = make_comment(article=article, body="تعليق أول")
    make_comment(article=article, parent=parent, body="رد على التعليق")
    make_comment(article=article, body="تعليق محجوب", status=Comment.Status.PENDING)
    html = client.get(frame_of(article)).content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "تعليق أول" in html and "رد على التعليق" in html and "تعليق محجوب" not in html
    assert f'id="comment-{parent.pk}"' in html and 'class="nr-replies' in html
    assert f'action="{post_of(article)}"' in html
    assert "اترك تعليقاً" in html and "reader" not in html.split("comment-form")[0].lower()
    assert re.search(r'name="timestamp" value="[^"]+"', html)


def test_the_english_frame_is_left_to_right(client):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    html = client.get(frame_of(article, "en")).content.decode()
    assert '<html lang="en" dir="ltr"' in html and "Leave a comment" in html


def test_an_anonymous_frame_is_shared_and_sets_no_cookie(client):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    response = client.get(frame_of(article))
    assert "public" in response["Cache-Control"] and not response.cookies


def test_a_post_from_the_frame_is_held_and_shown_to_its_author_only(client):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    response = client.post(post_of(article), form_data(article), headers=same_origin())
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.article == article
    assert response.status_code == 302
    assert response["Location"] == f"{frame_of(article)}#comment-{comment.pk}"
    own = response.cookies[OWN_COOKIE]
    assert own["samesite"] == "None" and own["secure"] and own["httponly"]
    assert "Partitioned" in own.OutputString()
    mine = client.get(frame_of(article))
    assert "في انتظار المراجعة" in mine.content.decode()
    assert "private" in mine["Cache-Control"]
    client.cookies.clear()
    assert "في انتظار المراجعة" not in client.get(frame_of(article)).content.decode()


def same_origin() -> dict:
    return {"sec-fetch-site": "same-origin"}


def test_remember_me_prefills_the_frame_form_and_forgetting_clears_it(client):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    data = form_data(article, remember="on", email="remember@example.com")
    response = client.post(post_of(article), data, headers=same_origin())
    assert "Partitioned" in response.cookies[AUTHOR_COOKIE].OutputString()
    assert 'value="remember@example.com"' in client.get(frame_of(article)).content.decode()
    response = client.post(post_of(article), form_data(article, body="ثانٍ"), headers=same_origin())
    assert response.cookies[AUTHOR_COOKIE]["max-age"] == 0


def test_a_bad_post_from_the_frame_keeps_the_text_and_says_why(client):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    data = form_data(article, email="not-an-email", body="نصي المحفوظ")
    response = client.post(post_of(article), data, headers=same_origin())
    assert response.status_code == 400
    html = response.content.decode()
    assert "نصي المحفوظ" in html and "is-invalid" in html
    assert "frame-ancestors https://news.example" in response["Content-Security-Policy"]
    assert not Comment.objects.exists()


def test_a_cross_site_post_to_the_frame_is_refused_and_its_own_passes():
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    checked = Client(enforce_csrf_checks=True)
    cross = {"sec-fetch-site": "cross-site", "origin": HOST}
    assert checked.post(post_of(article), form_data(article), headers=cross).status_code == 403
    assert not Comment.objects.exists()
    response = checked.post(post_of(article), form_data(article), headers=same_origin())
    assert response.status_code == 302 and Comment.objects.count() == 1


def test_a_closed_thread_says_so_in_the_frame(client):
    article = make_article(
        kind="external", canonical_url=STORY, body_html="", comment_mode="closed"
    )
    html = client.get(frame_of(article)).content.decode()
    assert "التعليقات مغلقة" in html and 'id="comment-form"' not in html


def test_the_frame_of_an_unknown_language_or_article_is_404(client):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    assert client.get(frame_of(article, "fr")).status_code == 404
    assert client.get(f"/embed/articles/{article.pk + 1}/ar/").status_code == 404


def test_an_external_article_has_no_page_of_its_own_and_is_not_listed(client):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    assert article.get_absolute_url() == STORY
    assert client.get(reverse("pages:article", args=[article.slug])).status_code == 404
    assert article.title not in client.get(reverse("articles:home")).content.decode()


def test_the_script_is_served_as_javascript_with_a_long_cache(client):
    response = client.get("/embed.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert b"data-newsroom-comments" in response.content


@pytest.mark.parametrize("existing", [5, 500])
def test_the_embed_requests_issue_a_bounded_number_of_queries(
    client, existing, django_assert_max_num_queries
):
    article = make_article(kind="external", canonical_url=STORY, body_html="")
    for _ in range(existing):
        make_comment(article=article)
    with django_assert_max_num_queries(1):  # the thread, found by its address
        assert open_thread(client).status_code == 302
    with django_assert_max_num_queries(4) as cold:  # the article, its threads, its picks
        assert client.get(frame_of(article)).status_code == 200
    assert reads_comments(cold)
    with django_assert_max_num_queries(2) as warm:  # the block comes from the cache
        assert client.get(frame_of(article)).status_code == 200
    assert not reads_comments(warm)
    with django_assert_max_num_queries(MAX_QUERIES_PER_POST):
        posted = client.post(post_of(article), form_data(article), headers=same_origin())
    with django_assert_max_num_queries(6):  # and the picks
        mine = client.get(posted["Location"])  # the page of threads with the reader's comment
    assert "في انتظار المراجعة" in mine.content.decode()
