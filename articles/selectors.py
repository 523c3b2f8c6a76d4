"""Read-only queries behind the article pages."""

from django.conf import settings

from articles.models import Article, Section, SocialLink


def related_articles(article: Article, *, limit: int | None = None) -> list[Article]:
    """Return up to `limit` published articles: same section first, newest first, never itself.

    Two index-served queries rather than one ORDER BY over a CASE, which sorts every article.
    """
    limit = limit or settings.RELATED_ARTICLES_COUNT
    others = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .select_related("section")
        .defer("body_html")  # a list of links never shows the body
    )
    same = list(others.in_section(article.section_id).newest_first()[:limit])
    if len(same) < limit:
        rest = others.exclude(section_id=article.section_id).newest_first()
        same += list(rest[: limit - len(same)])
    return same


def social_links() -> list[SocialLink]:
    return list(SocialLink.objects.all())


def navigation_sections() -> list[Section]:
    return list(Section.objects.all())
