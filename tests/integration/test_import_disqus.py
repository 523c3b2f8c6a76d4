"""Disqus import: threads to articles, posts to threaded comments, orphans, refusals, reruns."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from articles.models import Article, Section
from comments.importers.disqus import disqus_import
from comments.importers.xmlstream import ImportFileError
from comments.models import Comment, ModerationEvent
from tests.factories import make_article
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

ISSO = "disqus/isso--disqus.xml"
MALFORMED = "disqus/remark42--disqus-malformed.xml"


def disqus_post(post_id: int, *, thread: int = 1, parent: int | None = None, spam: bool = False,
                deleted: bool = False, message: str = "<p>Hello</p>") -> str:  # fmt: skip
    parent_ref = f'<parent dsq:id="{parent}"/>' if parent else ""
    return f"""<post dsq:id="{post_id}"><message><![CDATA[{message}]]></message>
<createdAt>2020-01-0{post_id % 9 + 1}T10:00:00Z</createdAt>
<isDeleted>{str(deleted).lower()}</isDeleted><isSpam>{str(spam).lower()}</isSpam>
<author><email>p{post_id}@example.com</email><name>Reader {post_id}</name></author>
<ipAddress>192.0.2.1</ipAddress><thread dsq:id="{thread}"/>{parent_ref}</post>"""


def disqus_document(posts: str, *, link: str = "https://old.example/2020/a-story/") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><forum>oldsite</forum><link>{link}</link><title>A story</title>
<createdAt>2020-01-01T08:00:00Z</createdAt><isClosed>false</isClosed></thread>
{posts}</disqus>"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "disqus.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_isso_export_imports_threads_posts_statuses_and_orphans():
    report = disqus_import(path=shared_data(ISSO))
    hello = Article.objects.get(source="disqus:disqusdev:2")
    assert (hello.title, hello.status) == ("Hello, World!", Article.Status.PUBLISHED)
    assert hello.section.slug == "imported"
    reply = Comment.objects.get(source="disqus:disqusdev:5")
    assert reply.parent.source == "disqus:disqusdev:4" and reply.depth == 1
    assert reply.body == "Hello, World."
    assert Comment.objects.get(source="disqus:disqusdev:9").status == Comment.Status.REMOVED
    orphan = Comment.objects.get(source="disqus:disqusdev:11")  # its parent, 9, is deleted
    assert orphan.parent is None and orphan.depth == 0
    assert report.orphans == 1
    # Post 6 points at thread 1337, which the file does not have.
    assert not Comment.objects.filter(source="disqus:disqusdev:6").exists()
    assert sum(report.left_out.values()) == 1
    assert hello.comments.count() == 4 and Article.objects.count() == 2
    hello.refresh_from_db()
    assert hello.approved_comment_count == 3
    assert ModerationEvent.objects.filter(source="import").count() == Comment.objects.count()


def test_thread_with_empty_title_still_gets_an_article():
    disqus_import(path=shared_data(ISSO))
    article = Article.objects.get(source="disqus:redacted:7")
    assert article.title == "http://localhost:4000/blog/2013/02/12/redacted/index.html"
    assert article.slug == "redacted"


def test_importing_the_same_export_twice_changes_nothing():
    disqus_import(path=shared_data(ISSO))
    before = (
        list(Comment.objects.values_list("pk", "status", "parent_id")),
        Article.objects.count(),
    )
    report = disqus_import(path=shared_data(ISSO))
    assert not report.changed
    assert (
        list(Comment.objects.values_list("pk", "status", "parent_id")),
        Article.objects.count(),
    ) == before


def test_thread_link_matching_an_article_page_attaches_its_comments_there(tmp_path):
    existing = make_article(slug="a-story")
    link = f"https://old.example{existing.get_absolute_url()}"
    report = disqus_import(path=write(tmp_path, disqus_document(disqus_post(1), link=link)))
    comment = Comment.objects.get()
    assert comment.article == existing and Article.objects.count() == 1
    existing.refresh_from_db()
    assert existing.approved_comment_count == 1
    assert report.total(report.articles, "matched") == 1


def test_spam_and_deleted_posts_become_spam_and_removed(tmp_path):
    posts = disqus_post(1, spam=True) + disqus_post(2, deleted=True) + disqus_post(3)
    disqus_import(path=write(tmp_path, disqus_document(posts)))
    statuses = dict(Comment.objects.values_list("source", "status"))
    assert statuses == {
        "disqus:oldsite:1": "spam",
        "disqus:oldsite:2": "removed",
        "disqus:oldsite:3": "approved",
    }
    assert Article.objects.get().approved_comment_count == 1


def test_reply_to_a_missing_parent_joins_the_top_level_and_is_counted(tmp_path):
    posts = disqus_post(1) + disqus_post(2, parent=99) + disqus_post(3, parent=2)
    report = disqus_import(path=write(tmp_path, disqus_document(posts)))
    orphan, reply = (
        Comment.objects.get(source="disqus:oldsite:2"),
        Comment.objects.get(source="disqus:oldsite:3"),
    )
    assert orphan.parent is None and report.orphans == 1
    assert reply.parent == orphan and reply.thread == orphan


def test_reply_listed_before_its_parent_is_threaded_across_batches(tmp_path):
    posts = disqus_post(3, parent=2) + disqus_post(4) + disqus_post(5) + disqus_post(2)
    report = disqus_import(path=write(tmp_path, disqus_document(posts)), batch_size=2)
    reply = Comment.objects.get(source="disqus:oldsite:3")
    assert reply.parent.source == "disqus:oldsite:2" and reply.depth == 1
    assert report.orphans == 0


def test_malformed_export_is_refused_with_line_and_column_and_nothing_written():
    with pytest.raises(ImportFileError) as refused:
        disqus_import(path=shared_data(MALFORMED))
    assert (refused.value.line, refused.value.column) == (1, 1)
    assert not Article.objects.exists() and not Comment.objects.exists()


def test_malformed_export_without_its_stray_backtick_is_refused_at_the_bad_attribute(tmp_path):
    text = shared_data(MALFORMED).read_text(encoding="utf-8").lstrip("`")
    with pytest.raises(ImportFileError) as refused:
        disqus_import(path=write(tmp_path, text), batch_size=1)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "dsq:id=247937687/" in row)
    assert refused.value.line == line
    assert not Article.objects.exists() and not Section.objects.exists()


def test_post_with_an_unreadable_date_is_refused(tmp_path):
    text = disqus_document(disqus_post(1).replace("2020-01-02T10:00:00Z", "2011-x09-30"))
    with translation.override("en"), pytest.raises(ImportFileError, match="unreadable date"):
        disqus_import(path=write(tmp_path, text))


def test_command_reports_and_refuses():
    out = StringIO()
    call_command("import_disqus", str(shared_data(ISSO)), stdout=out)
    assert "disqus" in out.getvalue().lower()
    with translation.override("en"), pytest.raises(CommandError, match="line 1, column 1"):
        call_command("import_disqus", str(shared_data(MALFORMED)))


def test_dry_run_writes_nothing(tmp_path):
    report = disqus_import(path=shared_data(ISSO), dry_run=True)
    assert report.total(report.comments, "created") == 5
    assert not Comment.objects.exists() and not Article.objects.exists()


def test_imported_posts_are_scored_like_posted_comments(tmp_path, risk_model):
    from tests.risk_fixtures import ABUSIVE_PROBE, CLEAN_PROBE

    posts = disqus_post(1, message=ABUSIVE_PROBE) + disqus_post(2, message=CLEAN_PROBE)
    disqus_import(path=write(tmp_path, disqus_document(posts)))
    abusive, clean = (Comment.objects.get(body=text) for text in (ABUSIVE_PROBE, CLEAN_PROBE))
    assert abusive.risk > 0.5 > clean.risk
    assert "حقير" in abusive.risk_terms


def test_an_import_without_a_model_stores_no_risk(tmp_path):
    disqus_import(path=write(tmp_path, disqus_document(disqus_post(1))))
    assert Comment.objects.get().risk is None
