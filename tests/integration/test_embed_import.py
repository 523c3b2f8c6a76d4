"""An import attaches WordPress comments to the article of the post's address, and the embed
of that page shows them, whichever came first."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article
from tests.integration.test_import_wxr import write, wxr_comment, wxr_document

pytestmark = pytest.mark.django_db
HOST = "https://news.example"
STORY = f"{HOST}/2026/11/story/"


@pytest.fixture(autouse=True)
def _allowed(settings):
    settings.EMBED_ALLOWED_ORIGINS = [HOST]


def post_item(post_id: int, link: str, comments: str) -> str:
    return f"""<item><title>Post {post_id}</title><link>{link}</link>
<content:encoded><![CDATA[<p>Body {post_id}</p>]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>2024-01-01 06:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>post-{post_id}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{comments}</item>"""


def import_items(tmp_path, *items: str) -> None:
    path = write(tmp_path, wxr_document("".join(items)))
    call_command("import_wxr", str(path), stdout=StringIO())


def embedded_html(client, url: str) -> str:
    opened = client.get(reverse("pages:embed_thread"), {"url": url, "lang": "ar"})
    assert opened.status_code == 302
    return client.get(opened["Location"]).content.decode()


def test_comments_imported_after_the_first_embed_join_its_thread(client, tmp_path):
    external = make_article(kind="external", canonical_url=STORY, body_html="")
    comment = wxr_comment(1, body="Imported under the embed")
    import_items(
        tmp_path, post_item(10, "https://NEWS.example/2026/11/story/?utm_source=wp", comment)
    )
    assert Article.objects.count() == 1
    assert Comment.objects.get().article == external
    assert "Imported under the embed" in embedded_html(client, STORY)


def test_the_embed_of_an_imported_post_finds_its_article_and_comments(client, tmp_path):
    import_items(tmp_path, post_item(10, STORY, wxr_comment(1, body="Imported first")))
    article = Article.objects.get()
    assert (article.kind, article.canonical_url) == ("page", STORY)
    assert "Imported first" in embedded_html(client, STORY + "#comments")
    assert Article.objects.count() == 1


def test_plain_permalinks_are_one_thread_per_post(tmp_path):
    import_items(
        tmp_path,
        post_item(1, f"{HOST}/?p=1", wxr_comment(1, body="on one")),
        post_item(2, f"{HOST}/?p=2&amp;utm_medium=x", wxr_comment(2, body="on two")),
    )
    urls = set(Article.objects.values_list("canonical_url", flat=True))
    assert urls == {f"{HOST}/?p=1", f"{HOST}/?p=2"}
    assert Comment.objects.get(body="on two").article.canonical_url == f"{HOST}/?p=2"


def test_two_posts_of_one_address_give_it_to_the_first_only(tmp_path):
    import_items(
        tmp_path,
        post_item(1, STORY, wxr_comment(1, body="first post")),
        post_item(2, STORY, wxr_comment(2, body="second post")),
    )
    assert Article.objects.count() == 2
    first = Comment.objects.get(body="first post").article
    assert first.canonical_url == STORY
    assert Comment.objects.get(body="second post").article.canonical_url == ""


def test_reimporting_attaches_nothing_twice(tmp_path):
    make_article(kind="external", canonical_url=STORY, body_html="")
    items = post_item(10, STORY, wxr_comment(1))
    import_items(tmp_path, items)
    import_items(tmp_path, items)
    assert (Article.objects.count(), Comment.objects.count()) == (1, 1)
