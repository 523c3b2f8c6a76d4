"""Articles that are threads embedded on other sites' pages: found, or made, by their address."""

import hashlib

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from articles.canonical import canonical_url, origin_allowed
from articles.models import Article, Section

EMBEDDED_SECTION_SLUG = "embedded"
TITLE_MAX_LENGTH = 300
SLUG_TITLE_LENGTH = 200


def page_canonical_url(raw: str) -> str | None:
    """Return a page's address as threads are keyed, with the query parameters the site keeps."""
    return canonical_url(raw, kept_query=settings.EMBED_KEPT_QUERY_PARAMS)


def embedding_allowed(origin: str | None) -> bool:
    """Whether pages of this origin may show embedded threads (EMBED_ALLOWED_ORIGINS)."""
    return origin_allowed(origin, settings.EMBED_ALLOWED_ORIGINS)


def external_article_get_or_create(*, url: str, title: str) -> Article:
    """Return the article of this canonical address, creating an "external" one the first time.

    Two first embeds at once both reach get_or_create: the unique index on canonical_url lets
    one insert win, and the other reads the winner's row.
    """
    article = Article.objects.select_related("section").filter(canonical_url=url).first()
    if article is not None:
        return article
    shown_title = " ".join(title.split())[:TITLE_MAX_LENGTH] or url[:TITLE_MAX_LENGTH]
    article, _created = Article.objects.select_related("section").get_or_create(
        canonical_url=url,
        defaults={
            "title": shown_title,
            "slug": _slug_for(url, shown_title),
            "section": _embedded_section(),
            "kind": Article.Kind.EXTERNAL,
            "body_html": "",
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now(),
        },
    )
    return article


def _slug_for(url: str, title: str) -> str:
    """A slug unique to the address (its hash), readable from the title."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    base = slugify(title, allow_unicode=True)[:SLUG_TITLE_LENGTH] or "page"
    return f"{base}-{digest}"


def _embedded_section() -> Section:
    section, _created = Section.objects.get_or_create(
        slug=EMBEDDED_SECTION_SLUG, defaults={"name": gettext("Embedded")}
    )
    return section
