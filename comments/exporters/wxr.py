"""Export articles and their comments as a WXR 1.2 file that WordPress's importer reads."""

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from itertools import groupby
from typing import TextIO
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone

from articles.models import Article, Section
from comments.exporters.scope import export_scope
from comments.models import Comment

CHUNK_SIZE = 2000
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
APPROVED = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.REMOVED: "trash",
}
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!-- generator="Newsroom" created="{created}" -->
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
"""


def cdata(text: object) -> str:
    """Wrap text in CDATA, splitting any ']]>' and dropping characters XML cannot carry."""
    clean = _NOT_XML.sub("", str(text or ""))
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _html(text: str) -> str:
    """Escape plain text the way WordPress stores names and titles (as HTML)."""
    return html.escape(text, quote=False)


def _dates(moment: datetime) -> tuple[str, str]:
    local = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
    return local, moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _channel(sections) -> Iterator[str]:
    site = settings.NEWSROOM_SITE_URL.rstrip("/")
    yield f"<title>{cdata(settings.NEWSROOM_SITE_NAME or site)}</title>\n<link>{escape(site)}</link>\n"
    yield f"<description></description>\n<pubDate>{format_datetime(timezone.now())}</pubDate>\n"
    yield f"<language>{settings.LANGUAGE_CODE}</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
    yield f"<wp:base_site_url>{escape(site)}</wp:base_site_url>\n<wp:base_blog_url>{escape(site)}</wp:base_blog_url>\n"
    for section in sections:
        yield (
            f"<wp:category><wp:term_id>{section.pk}</wp:term_id>"
            f"<wp:category_nicename>{cdata(quote(section.slug))}</wp:category_nicename>"
            f"<wp:category_parent></wp:category_parent>"
            f"<wp:cat_name>{cdata(_html(section.name))}</wp:cat_name></wp:category>\n"
        )
    yield "<generator>Newsroom</generator>\n"


def _post_status(article: Article) -> str:
    if article.status != Article.Status.PUBLISHED:
        return "draft"
    return "future" if article.published_at > timezone.now() else "publish"


def _item_head(article: Article) -> str:
    site = settings.NEWSROOM_SITE_URL.rstrip("/")
    local, gmt = _dates(article.published_at)
    closed = article.comment_mode == Article.CommentMode.CLOSED
    return f"""<item>
<title>{cdata(_html(article.title))}</title>
<link>{escape(article.canonical_url or site + article.get_absolute_url())}</link>
<pubDate>{format_datetime(article.published_at)}</pubDate>
<dc:creator>{cdata(_html(article.byline))}</dc:creator>
<guid isPermaLink="false">{site}/?p={article.pk}</guid>
<description></description>
<content:encoded>{cdata(article.body_html)}</content:encoded>
<excerpt:encoded>{cdata(_html(article.excerpt))}</excerpt:encoded>
<wp:post_id>{article.pk}</wp:post_id>
<wp:post_date>{cdata(local)}</wp:post_date>
<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>
<wp:comment_status>{"closed" if closed else "open"}</wp:comment_status>
<wp:ping_status>closed</wp:ping_status>
<wp:post_name>{cdata(quote(article.slug).lower())}</wp:post_name>
<wp:status>{_post_status(article)}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type>post</wp:post_type>
<wp:post_password></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="{quote(article.section.slug)}">{cdata(_html(article.section.name))}</category>
"""


def _comment(comment: Comment, *, personal_data: bool) -> str:
    local, gmt = _dates(comment.created_at)
    email = comment.email if personal_data else ""
    ip = (comment.ip_address or "") if personal_data else ""
    return f"""<wp:comment>
<wp:comment_id>{comment.pk}</wp:comment_id>
<wp:comment_author>{cdata(_html(comment.name))}</wp:comment_author>
<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>
<wp:comment_author_url>{cdata(comment.url)}</wp:comment_author_url>
<wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>
<wp:comment_date>{cdata(local)}</wp:comment_date>
<wp:comment_date_gmt>{cdata(gmt)}</wp:comment_date_gmt>
<wp:comment_content>{cdata(comment.body)}</wp:comment_content>
<wp:comment_approved>{APPROVED.get(comment.status, "0")}</wp:comment_approved>
<wp:comment_type>{comment.kind}</wp:comment_type>
<wp:comment_parent>{comment.parent_id or 0}</wp:comment_parent>
<wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>
"""


def comments_export_wxr(
    *, out: TextIO, article_id: int | None = None, since: datetime | None = None,
    personal_data: bool = True,
) -> None:  # fmt: skip
    """Stream the articles in scope, each with its comments nested, as WXR 1.2."""
    articles, comments = export_scope(article_id=article_id, since=since)
    sections = Section.objects.filter(pk__in=articles.values("section_id")).order_by("pk")
    out.write(HEADER.format(created=timezone.now().strftime("%Y-%m-%d %H:%M")))
    out.writelines(_channel(sections.iterator()))
    by_article = groupby(comments.iterator(chunk_size=CHUNK_SIZE), key=lambda c: c.article_id)
    group = next(by_article, None)
    for article in articles.select_related("section").iterator(chunk_size=CHUNK_SIZE):
        out.write(_item_head(article))
        # Both lists are ordered by article, so the comments of each article come as one run.
        while group is not None and group[0] <= article.pk:
            if group[0] == article.pk:
                out.writelines(_comment(c, personal_data=personal_data) for c in group[1])
            group = next(by_article, None)
        out.write("</item>\n")
    out.write("</channel>\n</rss>\n")
