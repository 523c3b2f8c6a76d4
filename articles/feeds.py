"""RSS feeds: the latest articles, and the latest approved comments of one article."""

import re
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from comments.models import Comment

FEED_ITEMS = 20
# Characters XML 1.0 cannot carry at all; reader text may hold them, the feed must not fail.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Drop the characters an XML document cannot contain."""
    return NOT_XML.sub("", value)


def _site_name() -> str:
    return settings.NEWSROOM_SITE_NAME or _("Newsroom")


class LatestArticlesFeed(Feed):
    """The newest published articles of the whole site."""

    def title(self) -> str:
        return _("%(site)s: latest articles") % {"site": _site_name()}

    def description(self) -> str:
        return _("Latest news and readers' comments.")

    def link(self) -> str:
        return reverse("articles:home")

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().newest_first().select_related("section")[:FEED_ITEMS]

    def item_title(self, item: Article) -> str:
        return xml_text(item.title)

    def item_description(self, item: Article) -> str:
        return xml_text(item.excerpt or item.body_html)

    def item_pubdate(self, item: Article) -> datetime:
        return item.published_at

    def item_author_name(self, item: Article) -> str | None:
        return xml_text(item.byline) or None

    def item_categories(self, item: Article) -> list[str]:
        return [xml_text(item.section.name)]


class ArticleCommentsFeed(Feed):
    """The newest approved comments of one article: names and sanitized text, never emails."""

    def get_object(self, request: HttpRequest, slug: str) -> Article:
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, obj: Article) -> str:
        return _("Comments on %(title)s") % {"title": xml_text(obj.title)}

    def description(self, obj: Article) -> str:
        return _("The latest published readers' comments on this article.")

    def link(self, obj: Article) -> str:
        return f"{obj.get_absolute_url()}#comments"

    def items(self, obj: Article) -> QuerySet[Comment]:
        return (
            Comment.objects.public()
            .for_article(obj)
            .select_related("article")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item: Comment) -> str:
        return _("Comment by %(name)s") % {"name": xml_text(item.name)}

    def item_description(self, item: Comment) -> str:
        return xml_text(item.body_html)  # sanitized; the feed writer escapes it, as RSS wants

    def item_link(self, item: Comment) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Comment) -> datetime:
        return item.created_at

    def item_author_name(self, item: Comment) -> str:
        return xml_text(item.name)
