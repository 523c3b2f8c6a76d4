"""WordPress (WXR) import: the real exports, statuses, threads, safety, idempotence, batching."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Section
from comments.importers import writer as writer_module
from comments.importers.run import ImportStopped
from comments.importers.wxr import WxrOptions, wxr_import
from comments.importers.xmlstream import ImportFileError
from comments.models import Comment, ModerationEvent
from comments.services import decisions
from comments.text import normalize_arabic
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

THEME = "wordpress/themeunittestdata.wordpress.xml"
SMALL = "wordpress/wordpress-importer--valid-wxr-1.1.xml"
THEME_SITE = "wordpress:wpthemetestdata.wordpress.com"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
REAL_FILES = [
    THEME,
    SMALL,
    "wordpress/wordpress-importer--slashes.xml",
    "wordpress/wordpress-importer--wxr-utf-8-challenges.xml",
    "wordpress/isso--wordpress.xml",
]


def wxr_comment(comment_id: int, *, parent: int = 0, approved: str = "1", kind: str = "",
                author: str = "Reader", body: str = "A comment.", url: str = "") -> str:  # fmt: skip
    return f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>
<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
<wp:comment_author_email>r{comment_id}@example.com</wp:comment_author_email>
<wp:comment_author_url>{url}</wp:comment_author_url><wp:comment_author_IP>192.0.2.7</wp:comment_author_IP>
<wp:comment_date>2024-01-01 10:00:00</wp:comment_date>
<wp:comment_date_gmt>2024-01-01 07:{comment_id % 60:02d}:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{body}]]></wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def wxr_item(post_id: int, comments: str = "", *, name: str = "", category: str = "news",
             category_name: str = "News", status: str = "publish") -> str:  # fmt: skip
    return f"""<item><title>Post {post_id}</title><link>https://news.example/?p={post_id}</link>
<content:encoded><![CDATA[<p>Body {post_id}</p>]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>2024-01-01 06:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{name}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="{category}"><![CDATA[{category_name}]]></category>
{comments}</item>"""


def wxr_document(items: str, *, version: str = "1.2") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="https://wordpress.org/export/{version}/"><channel><title>News</title>
<wp:wxr_version>{version}</wp:wxr_version><wp:base_site_url>https://news.example</wp:base_site_url>
{items}</channel></rss>"""


def write(tmp_path: Path, text: str, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot() -> tuple:
    return (
        list(Article.objects.order_by("pk").values_list("pk", "slug", "status", "updated_at")),
        list(Comment.objects.order_by("pk").values_list("pk", "status", "parent_id", "thread_id")),
        ModerationEvent.objects.count(),
        Section.objects.count(),
    )


def theme_comment(wp_id: int) -> Comment:
    return Comment.objects.get(source=f"{THEME_SITE}:{wp_id}")


def test_theme_unit_data_imports_33_comments_on_7_posts_with_3_pending():
    report = wxr_import(path=shared_data(THEME))
    comments = Comment.objects.filter(source__startswith=THEME_SITE)
    assert comments.count() == 33
    assert comments.values("article").distinct().count() == 7
    assert comments.filter(status=Comment.Status.PENDING).count() == 3
    assert comments.exclude(kind=Comment.Kind.COMMENT).count() == 4  # 2 pingbacks, 2 trackbacks
    # 58 posts and 21 pages become articles; 37 attachments and 70 menu items are left out.
    assert Article.objects.count() == 79
    assert report.total(report.comments, "created") == 33
    assert sum(report.left_out.values()) == 107


def test_theme_unit_data_keeps_a_thread_ten_levels_deep_and_the_page_clamps_it(client, settings):
    wxr_import(path=shared_data(THEME))
    top, deepest = theme_comment(904), theme_comment(915)
    thread = Comment.objects.filter(thread=top).order_by("depth")
    assert [c.depth for c in thread] == list(range(1, 10))
    assert deepest.depth == 9 and deepest.parent == theme_comment(914)
    html = client.get(top.article.get_absolute_url()).content.decode()
    depths = {int(d) for d in re.findall(r"nr-depth-(\d+)", html)}
    assert max(depths) == settings.COMMENTS_MAX_DEPTH
    assert all(f'id="comment-{c.pk}"' in html for c in [top, *thread])


def test_imported_comments_are_audited_normalized_and_counted():
    wxr_import(path=shared_data(THEME))
    events = ModerationEvent.objects.filter(source=ModerationEvent.Source.IMPORT)
    assert events.count() == Comment.objects.count()
    assert set(events.values_list("to_status", flat=True)) == {"approved", "pending"}
    jane = theme_comment(926)
    assert jane.body_normalized == normalize_arabic(f"{jane.name} {jane.body}")
    for article in Article.objects.all():
        assert article.approved_comment_count == article.comments.counted().count()
    assert Article.objects.get(source=f"{THEME_SITE}:1148").approved_comment_count == 19


def test_password_protected_posts_comment_stays_hidden(client):
    wxr_import(path=shared_data(THEME))
    comment = theme_comment(926)
    assert comment.article.status == Article.Status.DRAFT
    assert client.get(comment.article.get_absolute_url()).status_code == 404
    for url in (reverse("articles:home"), comment.article.section.get_absolute_url()):
        html = client.get(url).content.decode()
        assert comment.article.title not in html and comment.body not in html
    for url in (
        f"/api/v1/articles/{comment.article.pk}/comments/",
        reverse("comments:feed", args=[comment.article.slug]),
        reverse("comments:permalink", args=[comment.pk]),
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 404 and comment.body not in response.content.decode()


def test_password_protected_posts_comment_has_no_report_page(client):
    wxr_import(path=shared_data(THEME))
    comment = theme_comment(926)
    response = client.get(reverse("comments:report", args=[comment.pk]))
    assert response.status_code == 404 and comment.body not in response.content.decode()


def test_future_post_is_published_but_hidden_until_its_date(client):
    wxr_import(path=shared_data(THEME))
    future = Article.objects.get(source=f"{THEME_SITE}:1153")
    assert future.status == Article.Status.PUBLISHED and future.published_at.year == 2030
    assert client.get(future.get_absolute_url()).status_code == 404


def test_pingbacks_keep_their_kind_and_never_show_as_reader_comments(client):
    wxr_import(path=shared_data(THEME))
    pings = Comment.objects.filter(kind__in=[Comment.Kind.PINGBACK, Comment.Kind.TRACKBACK])
    assert sorted(pings.values_list("kind", flat=True)) == ["pingback"] * 2 + ["trackback"] * 2
    article = pings.first().article
    assert article.approved_comment_count == 1
    assert article.comment_mode == Article.CommentMode.CLOSED  # wp:comment_status closed
    assert "Ping 1 « What’s a tellyworth?" in pings.values_list("name", flat=True)
    html = client.get(article.get_absolute_url()).content.decode()
    assert all(f'id="comment-{p.pk}"' not in html for p in pings)


def test_ping_excerpts_have_their_entities_decoded_once(tmp_path):
    excerpt = "[&#8230;] Q&amp;A: &lt;script&gt; is code, &amp;amp; is an entity &#8238;[&#8230;]"
    comments = wxr_comment(1, kind="pingback", body=excerpt)
    comments += wxr_comment(2, kind="trackback", body=excerpt)
    comments += wxr_comment(3, body="Q&amp;A")
    wxr_import(path=write(tmp_path, wxr_document(wxr_item(1, comments))))
    bodies = dict(Comment.objects.values_list("kind", "body"))
    decoded = "[…] Q&A: <script> is code, &amp; is an entity […]"
    assert bodies["pingback"] == bodies["trackback"] == decoded
    ping = Comment.objects.get(kind="pingback")
    assert "<script>" not in ping.body_html and "&lt;script&gt;" in ping.body_html
    assert bodies["comment"] == "Q&amp;A"  # a reader's comment is HTML, rendered as such


def test_skip_pings_leaves_pingbacks_and_trackbacks_out():
    report = wxr_import(path=shared_data(THEME), options=WxrOptions(skip_pings=True))
    assert Comment.objects.count() == 29
    assert not Comment.objects.exclude(kind=Comment.Kind.COMMENT).exists()
    assert sum(report.left_out.values()) == 107 + 4


def test_utf8_challenge_file_keeps_its_text_but_no_bidi_control_reaches_a_page(client):
    wxr_import(path=shared_data("wordpress/wordpress-importer--wxr-utf-8-challenges.xml"))
    article = Article.objects.get()
    assert article.title.startswith('"The Road Not') and "Frost 🌲" in article.title
    assert "السلام عليكم" in article.body_html and "𝓣𝓮𝓼𝓽" in article.body_html
    assert article.slug == "hello-world-utf8-test"
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and "السلام عليكم" in html
    assert not set(BIDI) & set(html)
    assert not set(BIDI) & set(client.get(reverse("articles:home")).content.decode())


def test_slashes_file_keeps_its_backslashes(client):
    wxr_import(path=shared_data("wordpress/wordpress-importer--slashes.xml"))
    comment = Comment.objects.get()
    assert comment.body == "\\o/ ¯\\_(ツ)_/¯"
    assert comment.article.body_html == 'Slashes aren\\\'t \\"cool\\"'
    assert comment.article.section.name == 'a \\"great\\" category'
    html = client.get(comment.article.get_absolute_url()).content.decode()
    assert "\\o/ ¯\\_(ツ)_/¯" in html


def test_wxr_1_0_with_a_reused_comment_id_gives_two_comments():
    report = wxr_import(path=shared_data("wordpress/isso--wordpress.xml"))
    reused = Comment.objects.filter(source__endswith="#11").order_by("source")
    assert [c.source for c in reused] == [
        "wordpress:example.tld:18#11",
        "wordpress:example.tld:4#11",
    ]
    assert reused[0].article != reused[1].article
    assert Comment.objects.count() == 8 and report.total(report.comments, "created") == 8
    assert report.keyed_by_post == 8  # WXR 1.0: every comment
    reply = Comment.objects.get(source="wordpress:example.tld:18#8")
    assert reply.depth == 2 and reply.thread.source == "wordpress:example.tld:18#6"
    assert reply.email == "info@posativ.org"


def test_comment_id_repeated_in_a_wxr_1_2_file_gives_two_comments(tmp_path):
    items = wxr_item(1, wxr_comment(5, body="first")) + wxr_item(2, wxr_comment(5, body="second"))
    wxr_import(path=write(tmp_path, wxr_document(items)))
    assert sorted(Comment.objects.values_list("source", "body")) == [
        ("wordpress:news.example:1#5", "first"),
        ("wordpress:news.example:2#5", "second"),
    ]


def merged_export(tmp_path: Path) -> Path:
    """Two posts that both hold a comment 71, as an export merged from two sites has."""
    first = wxr_comment(71, body="first 71") + wxr_comment(72, parent=71, body="reply on 1")
    second = wxr_comment(71, body="second 71") + wxr_comment(73, parent=71, body="reply on 2")
    second += wxr_comment(74, parent=73, body="reply to the reply on 2")
    return write(tmp_path, wxr_document(wxr_item(1, first) + wxr_item(2, second)))


def test_replies_to_a_reused_comment_id_stay_under_their_own_posts_comment(tmp_path):
    report = wxr_import(path=merged_export(tmp_path))
    parents = dict(Comment.objects.values_list("body", "parent__body"))
    assert parents == {
        "first 71": None,
        "reply on 1": "first 71",
        "second 71": None,
        "reply on 2": "second 71",
        "reply to the reply on 2": "reply on 2",
    }
    assert report.orphans == 0 and report.threads == 2
    assert report.keyed_by_post == 2


def test_reused_ids_alone_are_keyed_by_post_so_earlier_imports_keep_their_keys(tmp_path):
    wxr_import(path=merged_export(tmp_path))
    assert sorted(Comment.objects.values_list("source", flat=True)) == [
        "wordpress:news.example:1#71",
        "wordpress:news.example:2#71",
        "wordpress:news.example:72",
        "wordpress:news.example:73",
        "wordpress:news.example:74",
    ]


def test_a_reply_whose_own_id_is_reused_finds_its_parent_keyed_by_site(tmp_path):
    items = wxr_item(1, wxr_comment(70, body="parent") + wxr_comment(80, parent=70, body="reply"))
    items += wxr_item(2, wxr_comment(80, body="other 80"))
    report = wxr_import(path=write(tmp_path, wxr_document(items)))
    reply = Comment.objects.get(source="wordpress:news.example:1#80")
    assert reply.parent.source == "wordpress:news.example:70" and report.orphans == 0


def test_a_merged_export_imported_before_the_fix_changes_nothing_on_a_second_import(tmp_path):
    path = merged_export(tmp_path)
    wxr_import(path=path)
    # What the earlier importer left: the replies' parents not found, so each its own thread.
    Comment.objects.filter(body__startswith="reply").update(parent=None, thread=None, depth=0)
    before = snapshot()
    report = wxr_import(path=path)
    assert snapshot() == before and not report.changed
    assert report.total(report.comments, "skipped") == 5


def test_a_file_without_reused_ids_keys_every_comment_by_site_and_says_nothing_of_it(tmp_path):
    items = wxr_item(1, wxr_comment(5) + wxr_comment(6, parent=5)) + wxr_item(2, wxr_comment(7))
    report = wxr_import(path=write(tmp_path, wxr_document(items)))
    assert sorted(Comment.objects.values_list("source", flat=True)) == [
        "wordpress:news.example:5",
        "wordpress:news.example:6",
        "wordpress:news.example:7",
    ]
    assert report.keyed_by_post == 0
    with translation.override("en"):
        assert not [line for line in report.lines() if "keyed by" in line]


def test_report_says_how_many_comments_were_keyed_by_their_post(tmp_path):
    report = wxr_import(path=merged_export(tmp_path))
    with translation.override("en"):
        assert (
            "Comments keyed by their post (ids reused across posts, or WXR 1.0): 2"
            in report.lines()
        )
    assert (
        "تعليقات عُرّفت بمقالها (أرقامها مكررة في أكثر من مقال، أو الملف WXR 1.0): 2"
        in report.lines()
    )


def test_comment_ids_that_are_not_ascii_numbers_are_kept_as_text(tmp_path):
    text = wxr_document(wxr_item(1, wxr_comment(1)) + wxr_item(2, wxr_comment(2)))
    for number in ("1", "2"):
        text = text.replace(f"<wp:comment_id>{number}<", "<wp:comment_id>⁰⁴⁵<")
    wxr_import(path=write(tmp_path, text))
    assert sorted(Comment.objects.values_list("source", flat=True)) == [
        "wordpress:news.example:1#⁰⁴⁵",
        "wordpress:news.example:2#⁰⁴⁵",
    ]


def test_malformed_file_is_refused_with_line_and_column_and_nothing_written():
    with pytest.raises(ImportFileError) as refused:
        wxr_import(path=shared_data("wordpress/wordpress-importer--malformed.xml"))
    assert (refused.value.line, refused.value.column) == (27, 1)
    assert "notachanneltag" in refused.value.message
    assert not Article.objects.exists() and not Section.objects.exists()


def test_entity_declarations_are_refused_before_they_expand(tmp_path):
    bomb = '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    text = wxr_document(wxr_item(1, wxr_comment(1, body="&b;")))
    text = text.replace("<rss ", bomb + "\n<rss ", 1)
    with pytest.raises(ImportFileError) as refused:
        wxr_import(path=write(tmp_path, text))
    assert refused.value.line == 2
    assert not Article.objects.exists()


def test_a_fault_past_the_first_batches_still_writes_nothing(tmp_path):
    text = shared_data(THEME).read_text(encoding="utf-8")
    cut = text.index("<wp:comment_id>926</wp:comment_id>")
    broken = write(tmp_path, text[:cut] + "<wp:comment_id>926</oops>" + text[cut + 34 :])
    with pytest.raises(ImportFileError) as refused:
        wxr_import(path=broken, batch_size=5)
    assert refused.value.line == text[:cut].count("\n") + 1
    assert refused.value.message == "mismatched tag"
    assert not Article.objects.exists() and not Comment.objects.exists()


def test_command_refuses_malformed_file_naming_line_and_column():
    with (
        translation.override("en"),
        pytest.raises(CommandError, match=re.escape("line 27, column 1. Nothing was imported")),
    ):
        call_command("import_wxr", str(shared_data("wordpress/wordpress-importer--malformed.xml")))


@pytest.mark.parametrize("relative", REAL_FILES)
def test_importing_the_same_file_twice_changes_nothing(relative):
    wxr_import(path=shared_data(relative))
    before = snapshot()
    report = wxr_import(path=shared_data(relative))
    assert snapshot() == before
    assert not report.changed
    assert report.total(report.comments, "skipped") == Comment.objects.count()


def test_command_says_so_when_nothing_changed():
    call_command("import_wxr", str(shared_data(SMALL)), stdout=StringIO())
    out = StringIO()
    with translation.override("en"):
        call_command("import_wxr", str(shared_data(SMALL)), stdout=out)
    assert "Nothing changed: everything in this file was already imported." in out.getvalue()


def test_dry_run_writes_nothing_and_reports_what_it_would_do():
    report = wxr_import(path=shared_data(THEME), dry_run=True)
    assert report.total(report.comments, "created") == 33
    assert report.total(report.articles, "created") == 79
    assert not Article.objects.exists() and not Section.objects.exists()
    assert not ModerationEvent.objects.exists()


def edited_small_file(tmp_path: Path, approved: str, kind: str = "") -> Path:
    text = shared_data(SMALL).read_text(encoding="utf-8")
    text = text.replace(
        "<wp:comment_approved>1</wp:comment_approved>",
        f"<wp:comment_approved>{approved}</wp:comment_approved>",
    ).replace("<wp:comment_type></wp:comment_type>", f"<wp:comment_type>{kind}</wp:comment_type>")
    return write(tmp_path, text, f"small-{approved}-{kind}.xml")


@pytest.mark.parametrize(
    ("approved", "status"),
    [("spam", "spam"), ("trash", "removed"), ("post-trashed", "removed"), ("0", "pending")],
)
def test_spam_and_trash_statuses_from_an_edited_copy(tmp_path, approved, status):
    wxr_import(path=edited_small_file(tmp_path, approved))
    comment = Comment.objects.get()
    assert comment.status == status
    assert comment.article.approved_comment_count == 0
    assert comment.events.get().to_status == status


def test_trackback_in_an_edited_copy_is_imported_as_its_kind(tmp_path):
    wxr_import(path=edited_small_file(tmp_path, "1", kind="trackback"))
    comment = Comment.objects.get()
    assert comment.kind == Comment.Kind.TRACKBACK
    assert comment.article.approved_comment_count == 0


def test_reimport_follows_a_status_change_unless_an_editor_decided_here(tmp_path, admin_user):
    wxr_import(path=shared_data(SMALL))
    report = wxr_import(path=edited_small_file(tmp_path, "spam"))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM and report.changed
    assert comment.article.approved_comment_count == 0
    decisions.comment_approve(comment=comment, moderator=admin_user)
    report = wxr_import(path=edited_small_file(tmp_path, "trash"))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and not report.changed
    assert comment.article.approved_comment_count == 1


def test_interrupted_import_resumes_where_it_stopped(monkeypatch):
    real_refresh, calls = writer_module.approved_counts_refresh, []

    def refresh_then_interrupt(*, article_ids):
        real_refresh(article_ids=article_ids)
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(writer_module, "approved_counts_refresh", refresh_then_interrupt)
    with pytest.raises(ImportStopped) as stopped:
        wxr_import(path=shared_data(THEME), batch_size=20)
    written = stopped.value.report
    assert written.total(written.articles, "created") == Article.objects.count() > 0
    assert Comment.objects.count() < 33
    monkeypatch.setattr(writer_module, "approved_counts_refresh", real_refresh)
    report = wxr_import(path=shared_data(THEME), batch_size=20)
    assert Comment.objects.count() == 33 and Article.objects.count() == 79
    assert report.total(report.articles, "skipped") == written.total(written.articles, "created")
    for article in Article.objects.all():
        assert article.approved_comment_count == article.comments.counted().count()


def test_categories_become_sections_with_unicode_slugs(client, tmp_path):
    arabic = "%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1"  # أخبار, percent-encoded as WordPress stores it
    items = wxr_item(1, name=arabic, category=arabic, category_name="أخبار &amp; تقارير")
    items += wxr_item(2, name=arabic, category="sport", category_name="Sport")
    wxr_import(path=write(tmp_path, wxr_document(items)))
    first, second = Article.objects.order_by("source")
    assert (first.slug, first.section.slug, first.section.name) == (
        "أخبار",
        "أخبار",
        "أخبار & تقارير",
    )
    assert second.slug == "أخبار-2" and second.section.slug == "sport"
    assert client.get(first.get_absolute_url()).status_code == 200


def test_section_from_none_puts_everything_in_one_imported_section(tmp_path):
    items = wxr_item(1) + wxr_item(2, category="sport", category_name="Sport")
    wxr_import(path=write(tmp_path, wxr_document(items)), options=WxrOptions(section_from="none"))
    assert list(Section.objects.values_list("slug", flat=True)) == ["imported"]


def test_unsafe_urls_and_markup_never_reach_the_page(client, tmp_path):
    comment = wxr_comment(1, url="javascript:alert(1)", body="<script>alert(1)</script> hi")
    wxr_import(path=write(tmp_path, wxr_document(wxr_item(1, comment))))
    saved = Comment.objects.get()
    assert saved.url == "" and "<script>" not in saved.body_html
    assert "<script>alert(1)" not in client.get(saved.article.get_absolute_url()).content.decode()


def _queries_to_import(tmp_path: Path, count: int) -> int:
    # Every fifth comment starts a thread; the others reply to the one before.
    comments = "".join(
        wxr_comment(i, parent=0 if i % 5 == 1 else i - 1) for i in range(1, count + 1)
    )
    path = write(tmp_path, wxr_document(wxr_item(1, comments)), f"gen-{count}.xml")
    with CaptureQueriesContext(connection) as queries:
        wxr_import(path=path, batch_size=100)
    assert Comment.objects.filter(source__startswith="wordpress:news").count() >= count
    return len(queries)


def test_import_queries_grow_with_batches_not_with_comments(tmp_path):
    small = _queries_to_import(tmp_path, 50)
    Article.objects.all().delete()
    large = _queries_to_import(tmp_path, 500)
    # 500 comments fill 5 batches where 50 fill 1; each batch costs a bounded number of queries.
    per_batch = 20
    assert large - small <= 4 * per_batch
    assert large < 500 / 2


def test_imported_pending_comments_are_scored_and_queued_riskiest_first(tmp_path, risk_model):
    from comments.admin.filters import RISK_FIRST
    from tests.risk_fixtures import ABUSIVE_PROBE, CLEAN_PROBE

    comments = wxr_comment(1, approved="0", body=CLEAN_PROBE) + wxr_comment(
        2, approved="0", body=ABUSIVE_PROBE
    )
    wxr_import(path=write(tmp_path, wxr_document(wxr_item(1, comments))))
    queue = list(Comment.objects.filter(status=Comment.Status.PENDING).order_by(*RISK_FIRST))
    assert [c.body for c in queue] == [ABUSIVE_PROBE, CLEAN_PROBE]
    assert queue[0].risk > 0.5 > queue[1].risk
    assert "حقير" in queue[0].risk_terms


def test_scoring_an_import_costs_no_query_per_comment(tmp_path, risk_model):
    small = _queries_to_import(tmp_path, 50)
    Article.objects.all().delete()
    large = _queries_to_import(tmp_path, 500)
    assert not Comment.objects.filter(risk__isnull=True).exists()
    assert large - small <= 4 * 20  # as without a model: a bounded number per batch of 100
