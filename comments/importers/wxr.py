"""Import a WordPress export (WXR 1.0, 1.1, 1.2): posts and pages to articles, with comments.

Source ids: an article is ``wordpress:<site>:<post id>``; a comment is ``wordpress:<site>:<comment
id>``, except that WordPress comment ids are unique only per site, and WXR 1.0 files (and exports
merged from several sites) reuse them across posts. So when the file is WXR 1.0, or when a comment
id occurs more than once in the file, that id is keyed by its post,
``wordpress:<site>:<post id>#<comment id>``: the same id under two posts is two comments, and a
reply naming it as its parent finds the one on its own post (WordPress threads only within a
post). Ids used once keep the site-wide key, so files imported before keep their keys.
``<site>`` is the host (and path, if any) of wp:base_blog_url, else wp:base_site_url, else the
channel link, else the first item's link.
"""

import html
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.embedded import page_canonical_url
from articles.models import Article
from comments.importers.common import (
    clean_email,
    clean_ip,
    clean_line,
    clean_text,
    clean_url,
    parse_rfc822,
    parse_wp_datetime,
    source_key,
    unicode_slug,
)
from comments.importers.records import ArticleRecord, CommentRecord
from comments.importers.report import ImportReport
from comments.importers.run import import_run, read_with_progress
from comments.importers.writer import DEFAULT_BATCH_SIZE
from comments.importers.wxr_scan import WxrInfo, post_id_of, select_wxr, wxr_scan
from comments.importers.xmlstream import (
    Found,
    attribute,
    child_text,
    children,
    local_name,
    stream_elements,
)
from comments.models import Comment
from newsroom.sanitize import plain_text

ARTICLE_TYPES = ("post", "page")
PUBLIC_POST_STATUSES = ("publish", "future")
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
PING_KINDS = {"pingback": Comment.Kind.PINGBACK, "trackback": Comment.Kind.TRACKBACK}


@dataclass(frozen=True)
class WxrOptions:
    section_from: str = "category"
    skip_pings: bool = False


@dataclass
class _Post:
    """The item being read: its id, and its article's source (None when it is left out)."""

    element: ET.Element
    post_id: str
    article_source: str | None
    published_at: datetime


def _encoded(item: ET.Element) -> tuple[str, str]:
    """Return content:encoded and excerpt:encoded, told apart by namespace."""
    content = excerpt = ""
    for child in children(item, "encoded"):
        if "excerpt" in child.tag:
            excerpt = child.text or ""
        else:
            content = child.text or ""
    return content, excerpt


def _section(item: ET.Element, options: WxrOptions) -> tuple[str, str]:
    if options.section_from == "none":
        return "", ""
    for category in children(item, "category"):
        if attribute(category, "domain") in (None, "category"):
            name = clean_line(category.text, max_length=100)
            slug = unicode_slug(attribute(category, "nicename") or name, max_length=100)
            if slug:
                return slug, name or slug
    return "", ""


def _article_status(item: ET.Element) -> str:
    status = clean_text(child_text(item, "status")) or "publish"
    # A password-protected post is not for everyone: it stays a draft, and its comments with it.
    if status in PUBLIC_POST_STATUSES and not clean_text(child_text(item, "post_password")):
        return Article.Status.PUBLISHED
    return Article.Status.DRAFT


def _slug(item: ET.Element, title: str, post_id: str) -> str:
    """Keep the post's own slug (decoded); else make one from the title, else from the id."""
    candidates = (child_text(item, "post_name"), title, f"post-{post_id}")
    return next((slug for c in candidates if (slug := unicode_slug(c))), "post")


def article_record(
    item: ET.Element, *, source: str, post_id: str, authors: dict, options: WxrOptions
) -> ArticleRecord:
    """Turn an item (its fields before the first comment) into an article record."""
    content, excerpt = _encoded(item)
    title = clean_line(child_text(item, "title"), max_length=300)
    creator = clean_text(child_text(item, "creator"))
    section_slug, section_name = _section(item, options)
    published_at = (
        parse_wp_datetime(child_text(item, "post_date_gmt"))
        or parse_wp_datetime(child_text(item, "post_date"))
        or parse_rfc822(child_text(item, "pubDate"))
        or timezone.now()
    )
    closed = clean_text(child_text(item, "comment_status")) == "closed"
    return ArticleRecord(
        source=source,
        title=title or _("(no title)"),
        slug=_slug(item, title, post_id),
        body_html=clean_text(content),
        published_at=published_at,
        status=_article_status(item),
        comment_mode=Article.CommentMode.CLOSED if closed else Article.CommentMode.OPEN,
        section_slug=section_slug,
        section_name=section_name,
        excerpt=clean_line(plain_text(excerpt), max_length=1000),
        byline=authors.get(creator) or clean_line(creator, max_length=200),
        canonical_url=page_canonical_url(clean_text(child_text(item, "link"))) or "",
    )


def comment_key(comment_id: str, *, post: _Post, info: WxrInfo) -> str:
    """Return a comment id's source key: by site, or by post when the id alone is ambiguous."""
    local = f"{post.post_id}#{comment_id}" if info.keyed_by_post(comment_id) else comment_id
    return source_key("wordpress", info.site, local)


def _body(element: ET.Element, kind: str) -> str:
    """Return the comment's text; a ping's with its character references decoded."""
    body = clean_text(child_text(element, "comment_content"))
    if kind == Comment.Kind.COMMENT:
        return body  # a reader's comment is HTML, which the sanitizer reads as such
    # WordPress writes a ping's excerpt as escaped text ("[&#8230;] Q&amp;A"): decode it once,
    # then drop what the entities may have spelled (a bidi control is one).
    return clean_text(html.unescape(body))


def comment_record(element: ET.Element, *, post: _Post, info: WxrInfo) -> CommentRecord:
    """Turn a wp:comment into a comment record of its post's article."""
    comment_id = clean_text(child_text(element, "comment_id"))
    parent_id = clean_text(child_text(element, "comment_parent"))
    approved = clean_text(child_text(element, "comment_approved")).lower()
    kind = PING_KINDS.get(clean_text(child_text(element, "comment_type")).lower(), "comment")
    has_parent = parent_id not in ("", "0")
    return CommentRecord(
        source=comment_key(comment_id, post=post, info=info),
        article_source=post.article_source or "",
        parent_source=comment_key(parent_id, post=post, info=info) if has_parent else None,
        name=clean_line(child_text(element, "comment_author"), max_length=100) or _("Anonymous"),
        email=clean_email(child_text(element, "comment_author_email")),
        url=clean_url(child_text(element, "comment_author_url")),
        body=_body(element, kind),
        ip_address=clean_ip(child_text(element, "comment_author_IP")),
        created_at=parse_wp_datetime(child_text(element, "comment_date_gmt"))
        or parse_wp_datetime(child_text(element, "comment_date"))
        or post.published_at,
        status=COMMENT_STATUSES.get(approved, Comment.Status.PENDING),
        kind=kind,
    )


class WxrReader:
    """Turn the stream of channel elements and comments into article and comment records."""

    def __init__(self, *, info: WxrInfo, options: WxrOptions, report: ImportReport) -> None:
        self.info = info
        self.options = options
        self.report = report
        self.authors: dict[str, str] = {}
        self.post: _Post | None = None

    def __call__(self, stream: BinaryIO, on_read: Callable) -> Iterator:
        for found in stream_elements(stream, select_wxr, on_read=on_read):
            yield from self._records(found)

    def _records(self, found: Found) -> Iterator[ArticleRecord | CommentRecord]:
        name = local_name(found.element.tag)
        if name == "author":
            login = clean_text(child_text(found.element, "author_login"))
            display = child_text(found.element, "author_display_name")
            self.authors[login] = clean_line(display or login, max_length=200)
        elif name in ("item", "comment"):
            item = found.element if name == "item" else found.parent
            if self.post is None or self.post.element is not item:
                yield from self._open(item)
            if name == "comment":
                yield from self._comment(found.element)
            else:
                self.post = None

    def _open(self, item: ET.Element) -> Iterator[ArticleRecord]:
        post_type = clean_text(child_text(item, "post_type")) or "post"
        post_id = post_id_of(item)
        source = source_key("wordpress", self.info.site, post_id)
        self.post = _Post(item, post_id, None, timezone.now())
        if post_type not in ARTICLE_TYPES or not post_id:
            self.report.left_out[_("items that are not posts or pages")] += 1
            return
        record = article_record(
            item, source=source, post_id=post_id, authors=self.authors, options=self.options
        )
        self.post.article_source, self.post.published_at = source, record.published_at
        yield record

    def _comment(self, element: ET.Element) -> Iterator[CommentRecord]:
        if self.post is None or self.post.article_source is None:
            self.report.left_out[_("comments on items left out")] += 1
            return
        record = comment_record(element, post=self.post, info=self.info)
        if record.kind != Comment.Kind.COMMENT and self.options.skip_pings:
            self.report.left_out[_("pingbacks and trackbacks (--skip-pings)")] += 1
            return
        self.report.keyed_by_post += self.info.keyed_by_post(
            clean_text(child_text(element, "comment_id"))
        )
        yield record


def wxr_import(
    *, path: Path, dry_run: bool = False, options: WxrOptions | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE, progress: bool = False,
) -> ImportReport:  # fmt: skip
    """Import a WXR file: check it whole first, then write it in batches; idempotent."""
    started = time.monotonic()
    report = ImportReport(source=str(path), dry_run=dry_run)
    info = next(read_with_progress(path, _scan_reader, label=_("checking"), progress=progress))
    report.source = f"{path} (WXR {info.version}, {info.site})"
    reader = WxrReader(info=info, options=options or WxrOptions(), report=report)
    return import_run(
        path=path, reader=reader, origin="wordpress", report=report, batch_size=batch_size,
        dry_run=dry_run, progress=progress, started=started,
    )  # fmt: skip


def _scan_reader(stream: BinaryIO, on_read: Callable) -> Iterator[WxrInfo]:
    yield wxr_scan(stream, on_read)
