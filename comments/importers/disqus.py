"""Import a Disqus export: threads to articles (matched by page path or created), posts to comments.

Source ids: ``disqus:<forum>:<thread id>`` for a created article, ``disqus:<forum>:<post id>`` for
a comment. A reply whose parent is deleted, or missing from the file, starts its own thread and is
counted as an orphan. Articles are created only for threads that have posts.
"""

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from comments.importers.common import (
    clean_email,
    clean_ip,
    clean_line,
    clean_text,
    parse_iso,
    source_key,
    unicode_slug,
)
from comments.importers.records import ArticleRecord, CommentRecord
from comments.importers.report import ImportReport
from comments.importers.run import import_run, read_with_progress
from comments.importers.writer import DEFAULT_BATCH_SIZE
from comments.importers.xmlstream import (
    Found,
    ImportFileError,
    StructureError,
    attribute,
    child_text,
    children,
    local_name,
    stream_elements,
)
from comments.models import Comment

_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_OUTER_PARAGRAPH = re.compile(r"^\s*<p>(.*)</p>\s*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Thread:
    forum: str
    link: str
    title: str
    created_at: str
    closed: bool
    deleted: bool


@dataclass
class DisqusInfo:
    threads: dict[str, Thread] = field(default_factory=dict)
    deleted_posts: set[str] = field(default_factory=set)
    posts: int = 0


def select_disqus(names: list[str]) -> bool:
    if len(names) == 1 and names[0] != "disqus":
        raise StructureError(
            _("not a Disqus export: <%(tag)s> is not <disqus>") % {"tag": names[0]}
        )
    return len(names) == 2


def _flag(element: ET.Element, name: str) -> bool:
    return clean_text(child_text(element, name)).lower() == "true"


def _ref(element: ET.Element, name: str) -> str:
    """Return the dsq:id of a reference child such as <thread dsq:id="..."/>."""
    ref = next(children(element, name), None)
    return clean_text(attribute(ref, "id")) if ref is not None else ""


def _post_id(element: ET.Element) -> str:
    return clean_text(attribute(element, "id")) or clean_text(child_text(element, "id"))


def _check_post(found: Found) -> str:
    """Return the post's id; refuse a post without id, thread or a readable date."""
    post, fault = found.element, ""
    if not _post_id(post):
        fault = _("a post without dsq:id")
    elif not _ref(post, "thread"):
        fault = _("a post without a thread")
    elif parse_iso(child_text(post, "createdAt")) is None:
        fault = _("a post with an unreadable date")
    if fault:
        raise ImportFileError(fault, line=found.line, column=found.column)
    return _post_id(post)


def _thread(element: ET.Element) -> Thread:
    return Thread(
        forum=clean_text(child_text(element, "forum")),
        link=clean_text(child_text(element, "link")),
        title=clean_line(child_text(element, "title"), max_length=300),
        created_at=clean_text(child_text(element, "createdAt")),
        closed=_flag(element, "isClosed"),
        deleted=_flag(element, "isDeleted"),
    )


def disqus_scan(stream: BinaryIO, on_read: Callable | None = None) -> DisqusInfo:
    """Read the whole file once without writing; raise ImportFileError at its first fault."""
    info = DisqusInfo()
    for found in stream_elements(stream, select_disqus, on_read=on_read):
        name = local_name(found.element.tag)
        if name == "thread" and (thread_id := clean_text(attribute(found.element, "id"))):
            info.threads[thread_id] = _thread(found.element)
        elif name == "post":
            post_id = _check_post(found)
            info.posts += 1
            if _flag(found.element, "isDeleted"):
                info.deleted_posts.add(post_id)
    return info


def disqus_text(message: str | None) -> str:
    """Turn Disqus's message HTML back into the text a reader typed (inline tags kept)."""
    text = clean_text(message)
    if match := _OUTER_PARAGRAPH.match(text):
        text = match[1]
    return _LINE_BREAK.sub("\n", _PARAGRAPH_BREAK.sub("\n\n", text)).strip()


def page_name(path: str) -> str:
    """Return the last meaningful segment of a page path: /2013/story/index.html -> story."""
    segments = [unquote(s) for s in path.split("/") if s]
    if segments and segments[-1].startswith("index."):
        segments.pop()
    return segments[-1].rsplit(".", 1)[0] if segments else ""


def article_record(thread_id: str, thread: Thread, *, source: str) -> ArticleRecord:
    path = urlsplit(thread.link).path
    last_segment = page_name(path)
    return ArticleRecord(
        source=source,
        title=thread.title or thread.link or _("(no title)"),
        slug=unicode_slug(last_segment) or unicode_slug(thread.title) or f"thread-{thread_id}",
        body_html="",
        published_at=parse_iso(thread.created_at) or timezone.now(),
        status=Article.Status.DRAFT if thread.deleted else Article.Status.PUBLISHED,
        comment_mode=Article.CommentMode.CLOSED if thread.closed else Article.CommentMode.OPEN,
        match_path=path if thread.link else "",
    )


def _status(post: ET.Element) -> str:
    if _flag(post, "isSpam"):
        return Comment.Status.SPAM
    return Comment.Status.REMOVED if _flag(post, "isDeleted") else Comment.Status.APPROVED


class DisqusReader:
    """Turn the stream of threads and posts into article and comment records."""

    def __init__(self, *, info: DisqusInfo, report: ImportReport) -> None:
        self.info = info
        self.report = report
        self.opened: set[str] = set()

    def __call__(self, stream: BinaryIO, on_read: Callable) -> Iterator:
        for found in stream_elements(stream, select_disqus, on_read=on_read):
            if local_name(found.element.tag) == "post":
                yield from self._post(found.element)

    def _post(self, post: ET.Element) -> Iterator[ArticleRecord | CommentRecord]:
        thread_id = _ref(post, "thread")
        thread = self.info.threads.get(thread_id)
        if thread is None:
            self.report.left_out[_("comments on a thread missing from the file")] += 1
            return
        forum = thread.forum or clean_text(child_text(post, "forum")) or "disqus"
        article_source = source_key("disqus", forum, thread_id)
        if thread_id not in self.opened:
            self.opened.add(thread_id)
            yield article_record(thread_id, thread, source=article_source)
        yield self._comment(post, forum=forum, article_source=article_source)

    def _comment(self, post: ET.Element, *, forum: str, article_source: str) -> CommentRecord:
        author = next(children(post, "author"), ET.Element("author"))
        parent_id = _ref(post, "parent")
        orphan = parent_id in self.info.deleted_posts
        name = child_text(author, "name") or child_text(author, "username")
        return CommentRecord(
            source=source_key("disqus", forum, _post_id(post)),
            article_source=article_source,
            parent_source=source_key("disqus", forum, parent_id)
            if parent_id and not orphan
            else None,
            name=clean_line(name, max_length=100) or _("Anonymous"),
            email=clean_email(child_text(author, "email")),
            url="",
            body=disqus_text(child_text(post, "message")),
            ip_address=clean_ip(child_text(post, "ipAddress")),
            created_at=parse_iso(child_text(post, "createdAt")) or timezone.now(),
            status=_status(post),
            kind=Comment.Kind.COMMENT,
            orphan=orphan,
        )


def disqus_import(
    *, path: Path, dry_run: bool = False, batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = False,
) -> ImportReport:  # fmt: skip
    """Import a Disqus XML export: check it whole first, then write it in batches; idempotent."""
    started = time.monotonic()
    report = ImportReport(source=f"{path} (Disqus)", dry_run=dry_run)
    info = next(read_with_progress(path, _scan_reader, label=_("checking"), progress=progress))
    return import_run(
        path=path, reader=DisqusReader(info=info, report=report), origin="disqus",
        report=report, batch_size=batch_size, dry_run=dry_run, progress=progress, started=started,
    )  # fmt: skip


def _scan_reader(stream: BinaryIO, on_read: Callable) -> Iterator[DisqusInfo]:
    yield disqus_scan(stream, on_read)
