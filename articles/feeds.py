"""RSS feed of the latest articles; comments.feeds has each article's comments."""

import re
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from newsroom.edge_cache import share_at_edge

FEED_ITEMS = 20
# Characters XML 1.0 cannot carry at all; reader text may hold them, the feed must not fail.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Drop the characters an XML document cannot contain."""
    return NOT_XML.sub("", value)


def site_name() -> str:
    return settings.NEWSROOM_SITE_NAME or _("Newsroom")


class LatestArticlesFeed(Feed):
    """The newest published articles of the whole site."""

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return share_at_edge(super().__call__(request, *args, **kwargs), [])

    def title(self) -> str:
        return _("%(site)s: latest articles") % {"site": site_name()}

    def description(self) -> str:
        return _("Latest news and readers' comments.")

    def link(self) -> str:
        return reverse("articles:home")

    def items(self) -> QuerySet[Article]:
        articles = Article.objects.published().own_pages().newest_first()
        return articles.select_related("section")[:FEED_ITEMS]

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
