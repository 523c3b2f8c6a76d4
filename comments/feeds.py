"""RSS feed of the latest approved comments of one article: names and sanitized text, never emails."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles.feeds import FEED_ITEMS, xml_text
from articles.models import Article
from comments.models import Comment
from newsroom.edge_cache import article_key, share_at_edge


class ArticleCommentsFeed(Feed):
    """The newest approved comments of one article: names and sanitized text, never emails."""

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        return share_at_edge(response, [article_key(request.feed_article.pk)])

    def get_object(self, request: HttpRequest, slug: str) -> Article:
        request.feed_article = get_object_or_404(Article.objects.published(), slug=slug)
        return request.feed_article

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
            .in_public_context(article_id=obj.pk)
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

    def item_categories(self, item: Comment) -> list[str]:
        """Name what the page marks on the comment: an editors' pick, the newsroom's voice."""
        marks = ((item.is_pick, _("Editors' pick")), (item.is_staff_voice, _("From the newsroom")))
        return [label for marked, label in marks if marked]
