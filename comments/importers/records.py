"""What a parser hands the writer: one article or one comment, already cleaned."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class ArticleRecord:
    source: str
    title: str
    slug: str
    body_html: str
    published_at: datetime
    status: str
    comment_mode: str
    section_slug: str = ""
    section_name: str = ""
    excerpt: str = ""
    byline: str = ""
    # A Disqus thread may belong to an article already here: its page path finds it.
    match_path: str = ""
    # The post's own address (WXR <link>), normalized: the thread embedded on that page.
    canonical_url: str = ""


@dataclass(slots=True)
class CommentRecord:
    source: str
    article_source: str
    parent_source: str | None
    name: str
    email: str
    url: str
    body: str
    ip_address: str | None
    created_at: datetime
    status: str
    kind: str
    # True when the file names a parent that is deleted: the comment starts its own thread.
    orphan: bool = False
