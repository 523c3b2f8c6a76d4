"""Lists of articles: the home page and each section's page."""

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Section
from articles.pagination import article_page
from newsroom.edge_cache import article_key, section_key, share_at_edge


def home(request: HttpRequest) -> HttpResponse:
    page = article_page(Article.objects.listed(), request.GET.get("page"), scope="home")
    response = render(request, "articles/home.html", {"page": page})
    return share_at_edge(response, _shown_articles_keys(page))


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.in_section(section).listed()
    page = article_page(articles, request.GET.get("page"), scope=f"section-{section.pk}")
    response = render(request, "articles/section.html", {"section": section, "page": page})
    return share_at_edge(response, [section_key(section.pk), *_shown_articles_keys(page)])


def _shown_articles_keys(page: Page) -> list[str]:
    """Name each story shown: its comment count is on the card, so its changes purge the list."""
    return [article_key(article.pk) for article in page]
