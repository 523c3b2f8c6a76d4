"""Read-only queries behind the article pages."""

from typing import NamedTuple

from django.conf import settings
from django.db import connections, router
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section, SocialLink


class RelatedLink(NamedTuple):
    """What the page shows of a related article: a link and its section's name."""

    pk: int
    title: str
    slug: str
    section_name: str

    @property
    def url(self) -> str:
        return reverse("pages:article", kwargs={"slug": self.slug})


# In plain SQL because it runs on every cold article page, where building the query in the
# ORM cost more than the database took to answer it. related_articles() reads through it.
_RELATED_SQL = (
    "SELECT a.id, a.title, a.slug, s.name FROM {article} a JOIN {section} s ON s.id = a.section_id"
    " WHERE a.status = %s AND a.published_at <= %s AND a.id <> %s AND a.section_id {op} %s"
    " AND a.kind = 'page'"
    " ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
)


def related_links(article: Article, *, limit: int | None = None) -> list[RelatedLink]:
    """Return up to `limit` published articles: same section first, newest first, never itself.

    Two index-served queries rather than one ORDER BY over a CASE, which sorts every article.
    """
    limit = limit or settings.RELATED_ARTICLES_COUNT
    connection = connections[router.db_for_read(Article)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    tables = {"article": Article._meta.db_table, "section": Section._meta.db_table}
    links: list[RelatedLink] = []
    with connection.cursor() as cursor:
        for op in ("=", "<>"):  # the same section, then the others
            params = [Article.Status.PUBLISHED.value, now, article.pk, article.section_id]
            cursor.execute(_RELATED_SQL.format(op=op, **tables), [*params, limit - len(links)])
            links += [RelatedLink._make(row) for row in cursor.fetchall()]
            if len(links) >= limit:
                break
    return links


def related_articles(article: Article, *, limit: int | None = None) -> list[Article]:
    """Return the related articles as model instances, for the API, in related_links() order."""
    pks = [link.pk for link in related_links(article, limit=limit)]
    found = Article.objects.select_related("section").defer("body_html").in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


class SocialLinkShown(NamedTuple):
    name: str
    url: str


def social_links() -> list[SocialLinkShown]:
    """Return the "follow us" links in their order (plain SQL: every cold article page asks)."""
    table = SocialLink._meta.db_table
    with connections[router.db_for_read(SocialLink)].cursor() as cursor:
        cursor.execute(f"SELECT name, url FROM {table} ORDER BY position, id")
        return [SocialLinkShown._make(row) for row in cursor.fetchall()]


def navigation_sections() -> list[Section]:
    return list(Section.objects.all())


def published_comment_counts(article_ids: list[int]) -> list[tuple[int, int]]:
    """Return (id, approved comments) of the published ones among these articles, in their order.

    One query over the primary key, reading the count each article keeps (comments.services.counts).
    """
    found = dict(
        Article.objects.published()
        .filter(pk__in=article_ids)
        .order_by()
        .values_list("pk", "approved_comment_count")
    )
    return [(pk, found[pk]) for pk in article_ids if pk in found]


def published_comment_counts_by_url(urls: list[str]) -> dict[str, tuple[int, int]]:
    """Return canonical address -> (id, approved comments) of the published articles of these pages."""
    rows = (
        Article.objects.published()
        .filter(canonical_url__in=urls)
        .order_by()
        .values_list("canonical_url", "pk", "approved_comment_count")
    )
    return {url: (pk, count) for url, pk, count in rows}
