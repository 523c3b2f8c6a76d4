"""Public article pages: home, section, article."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Section
from articles.selectors import related_articles, social_links
from comments.forms import CommentForm
from comments.reader import own_comment_ids, remembered_author
from comments.selectors import comment_page

ARTICLES_PER_PAGE = 12


def home(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().select_related("section").newest_first()
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/home.html", {"page": page})


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().in_section(section).select_related("section")
    page = Paginator(articles.newest_first(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/section.html", {"section": section, "page": page})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published().select_related("section"), slug=slug)
    return render_article_page(request, article)


def render_article_page(
    request: HttpRequest, article: Article, *, form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    """Render the article with its comments and the form (fresh, or bound with errors)."""
    if form is None:
        form = CommentForm(article=article, initial=_initial_form_data(request))
    context = {
        "article": article,
        "related": related_articles(article),
        "social_links": social_links(),
        "comments": comment_page(
            article, page_number=request.GET.get("cpage"), own_ids=own_comment_ids(request)
        ),
        "form": form,
        "max_depth": settings.COMMENTS_MAX_DEPTH,
    }
    return render(request, "articles/article_detail.html", context, status=status)


def _initial_form_data(request: HttpRequest) -> dict:
    initial = remembered_author(request)
    if request.user.is_authenticated and not initial.get("name"):
        initial["name"] = request.user.get_full_name() or request.user.get_username()
    reply_to = request.GET.get("replyto", "")
    if reply_to.isdigit():
        initial["parent"] = int(reply_to)
    return initial
