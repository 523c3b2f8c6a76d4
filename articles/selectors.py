"""Read-only queries behind the article pages."""

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When

from articles.models import Article, Section, SocialLink


def related_articles(article: Article, *, limit: int | None = None) -> list[Article]:
    """Return up to `limit` published articles: same section first, newest first, never itself."""
    limit = limit or settings.RELATED_ARTICLES_COUNT
    same_section_first = Case(
        When(section_id=article.section_id, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .select_related("section")
        .order_by(same_section_first, "-published_at", "-pk")[:limit]
    )


def social_links() -> list[SocialLink]:
    return list(SocialLink.objects.all())


def navigation_sections() -> list[Section]:
    return list(Section.objects.all())
