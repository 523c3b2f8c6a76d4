"""Export: WXR 1.2 that WordPress reads and our importer takes back, JSON lines for backups."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Section
from comments.importers.wxr import wxr_import
from comments.models import Comment, ModerationListEntry
from comments.services.submit import ClientInfo, comment_submit
from tests.factories import make_article, make_comment
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

THEME = "wordpress/themeunittestdata.wordpress.xml"
WP = "{http://wordpress.org/export/1.2/}"
COMMENT_FIELDS = {
    "comment_id", "comment_author", "comment_author_email", "comment_author_url",
    "comment_author_IP", "comment_date", "comment_date_gmt", "comment_content",
    "comment_approved", "comment_type", "comment_parent", "comment_user_id",
}  # fmt: skip


def export(tmp_path: Path, *args: str, name: str = "export.xml") -> Path:
    path = tmp_path / name
    call_command("export_comments", *args, "--output", str(path))
    return path


def _who(comment: Comment | None) -> tuple | None:
    return (comment.name, comment.created_at) if comment else None


def _comment_row(c: Comment) -> tuple:
    return (
        c.article.slug, c.name, c.email, c.url, c.ip_address, c.body, c.body_html, c.status,
        c.kind, c.created_at, c.depth, _who(c.parent), _who(c.thread),
    )  # fmt: skip


def world() -> tuple:
    """Describe every article, section, comment, thread and status, without database ids."""
    articles = sorted(
        Article.objects.values_list(
            "slug", "title", "status", "published_at", "comment_mode", "section__slug",
            "section__name", "body_html", "excerpt", "byline", "approved_comment_count",
        )
    )  # fmt: skip
    comments = sorted(
        _comment_row(c) for c in Comment.objects.select_related("article", "parent", "thread")
    )
    return articles, comments


def wipe() -> None:
    Article.objects.all().delete()
    Section.objects.all().delete()


def test_round_trip_keeps_articles_comments_threads_and_statuses(tmp_path):
    wxr_import(path=shared_data(THEME))
    before = world()
    path = export(tmp_path, "--format", "wxr")
    wipe()
    report = wxr_import(path=path)
    assert world() == before
    assert report.total(report.comments, "created") == 33
    assert Comment.objects.get(depth=9).thread.replies.count() == 1


def test_wxr_export_has_what_the_wordpress_importer_reads(tmp_path):
    wxr_import(path=shared_data(THEME))
    channel = ET.parse(export(tmp_path, "--format", "wxr")).getroot().find("channel")
    assert channel.find(f"{WP}wxr_version").text == "1.2"
    assert channel.find(f"{WP}base_site_url").text
    items = channel.findall("item")
    assert len(items) == Article.objects.count()
    assert all(item.find(f"{WP}post_id").text.isdigit() for item in items)
    comments = [c for item in items for c in item.findall(f"{WP}comment")]
    assert len(comments) == 33
    assert all({f.tag.removeprefix(WP) for f in c} == COMMENT_FIELDS for c in comments)
    approved = sorted(c.find(f"{WP}comment_approved").text for c in comments)
    assert approved.count("0") == 3 and approved.count("1") == 30


def test_markup_and_cdata_terminators_survive_the_round_trip(tmp_path, article):
    body = "x ]]> y <b>bold</b> & \\o/ \x0b"
    make_comment(article=article, body=body, name="Tom & Jerry <3")
    path = export(tmp_path, "--format", "wxr")
    wipe()
    wxr_import(path=path)
    comment = Comment.objects.get()
    assert comment.body == body.replace("\x0b", "").strip()
    assert comment.name == "Tom & Jerry <3"


@pytest.mark.parametrize("fmt", ["wxr", "json"])
def test_no_personal_data_leaves_emails_and_ips_out(tmp_path, article, fmt):
    make_comment(article=article, email="secret@example.com", ip_address="198.51.100.23")
    with_data = export(tmp_path, "--format", fmt, name="with").read_text(encoding="utf-8")
    without = export(tmp_path, "--format", fmt, "--no-personal-data", name="without")
    text = without.read_text(encoding="utf-8")
    assert "secret@example.com" in with_data and "198.51.100.23" in with_data
    assert "secret@example.com" not in text and "198.51.100.23" not in text


def test_json_lines_carry_every_field_and_load_back(tmp_path, article):
    parent = make_comment(article=article, ip_address="192.0.2.1")
    make_comment(article=article, parent=parent, status=Comment.Status.PENDING)
    path = export(tmp_path, "--format", "json", name="backup.jsonl")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["model"] for line in lines] == [
        "articles.section", "articles.article", "comments.comment", "comments.comment",
    ]  # fmt: skip
    fields = {f.name for f in Comment._meta.concrete_fields if not f.primary_key}
    assert set(lines[2]["fields"]) == fields
    assert lines[2]["fields"]["ip_address"] == "192.0.2.1"
    before = world()
    wipe()
    call_command("loaddata", str(path), verbosity=0)
    assert world() == before


def test_article_and_since_narrow_the_export(tmp_path, section):
    old, new = make_article(section=section), make_article(section=section)
    make_comment(article=old, body="old one", created_at=timezone.now() - timedelta(days=30))
    make_comment(article=new, body="new one")
    since = (timezone.now() - timedelta(days=2)).date().isoformat()
    text = export(tmp_path, "--format", "wxr", "--since", since).read_text(encoding="utf-8")
    assert "new one" in text and "old one" not in text and old.title not in text
    text = export(tmp_path, "--format", "json", "--article", str(old.pk)).read_text(
        encoding="utf-8"
    )
    assert "old one" in text and "new one" not in text


def test_export_goes_to_standard_output_by_default(article):
    make_comment(article=article, body="on stdout")
    out = StringIO()
    call_command("export_comments", "--format", "wxr", stdout=out)
    assert "on stdout" in out.getvalue() and out.getvalue().rstrip().endswith("</rss>")


@pytest.mark.parametrize("fmt", ["wxr", "json"])
def test_export_queries_do_not_grow_with_comments(tmp_path, fmt):
    def queries_for(count: int) -> int:
        wipe()
        for _ in range(3):
            article = make_article()
            for _ in range(count):
                make_comment(article=article)
        with CaptureQueriesContext(connection) as queries:
            export(tmp_path, "--format", fmt, name=f"{fmt}-{count}")
        return len(queries)

    assert queries_for(5) == queries_for(200)


def _blocked_comment(article) -> Comment:
    """Post a comment whose email and IP are blocklisted, as the pipeline stores it (spam)."""
    for kind, value in (("email", "blocked@example.com"), ("ip", "198.51.100.66")):
        ModerationListEntry.objects.create(list="block", kind=kind, value=value, action="spam")
    data = {"name": "سعيد", "email": "blocked@example.com", "body": "تعليق محظور"}
    return comment_submit(article=article, data=data, client=ClientInfo(ip="198.51.100.66"))


@pytest.mark.parametrize("fmt", ["wxr", "json"])
def test_no_personal_data_keeps_the_reason_codes_but_not_the_blocked_address(
    tmp_path, article, fmt
):
    blocked = _blocked_comment(article)
    assert {r["code"] for r in blocked.moderation_reasons} >= {"blocked_email", "blocked_ip"}
    text = export(tmp_path, "--format", fmt, "--no-personal-data").read_text(encoding="utf-8")
    assert "blocked@example.com" not in text and "198.51.100.66" not in text
    if fmt == "json":
        line = next(json.loads(x) for x in text.splitlines() if '"comments.comment"' in x)
        codes = {r["code"] for r in line["fields"]["moderation_reasons"]}
        assert codes >= {"blocked_email", "blocked_ip"}
