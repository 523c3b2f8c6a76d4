"""Load demo sections, Arabic articles and comments; safe to run again."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Section, SocialLink
from comments.models import Comment
from comments.services.build import ParentRef, comment_build, comments_store
from comments.services.counts import approved_counts_refresh
from pages.demo_content import ARTICLES, COMMENTS, SECTIONS, SOCIAL_LINKS


class Command(BaseCommand):
    help = "Load demo content (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        sections = {
            slug: Section.objects.update_or_create(
                slug=slug, defaults={"name": name, "position": i}
            )[0]
            for i, (slug, name) in enumerate(SECTIONS)
        }
        for i, (name, url) in enumerate(SOCIAL_LINKS):
            SocialLink.objects.update_or_create(name=name, defaults={"url": url, "position": i})
        now = timezone.now()
        articles = {}
        for i, item in enumerate(ARTICLES):
            articles[item["slug"]], _created = Article.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    "title": item["title"], "section": sections[item["section"]],
                    "byline": item["byline"], "excerpt": item["excerpt"], "body_html": item["body"],
                    "status": Article.Status.PUBLISHED, "published_at": now - timedelta(days=i, hours=3),
                },
            )  # fmt: skip
        created = self._load_comments(articles, now)
        loaded = _(
            "Demo content: %(sections)s sections, %(articles)s articles, %(comments)s new comments."
        )
        counts = {"sections": len(sections), "articles": len(articles), "comments": created}
        self.stdout.write(loaded % counts)

    def _load_comments(self, articles: dict, now) -> int:
        """Store the demo comments not stored yet, in batches whose parents are already in."""
        placed = _stored_demo_comments()
        created, waiting = 0, []
        for i, item in enumerate(COMMENTS):
            if _source(item["key"]) in placed:
                continue
            if item.get("parent") in {waiting_item["key"] for _i, waiting_item in waiting}:
                created += _store(waiting, articles=articles, placed=placed, now=now)
                waiting = []
            waiting.append((i, item))
        created += _store(waiting, articles=articles, placed=placed, now=now)
        approved_counts_refresh(article_ids={article.pk for article in articles.values()})
        return created


def _source(key: str) -> str:
    return f"demo:{key}"


def _stored_demo_comments() -> dict[str, ParentRef]:
    sources = [_source(item["key"]) for item in COMMENTS]
    rows = Comment.objects.filter(source__in=sources).values_list(
        "source", "pk", "thread_id", "depth"
    )
    return {source: ParentRef(*place) for source, *place in rows}


def _store(
    waiting: list[tuple[int, dict]], *, articles: dict, placed: dict[str, ParentRef], now
) -> int:
    """Store these demo comments in one batch; note where each went, for the replies to come."""
    stored = comments_store(_build(i, item, articles=articles, placed=placed, now=now)
                            for i, item in waiting)  # fmt: skip
    placed.update({c.source: ParentRef(c.pk, c.thread_id, c.depth) for c in stored})
    return len(stored)


def _build(i: int, item: dict, *, articles: dict, placed: dict[str, ParentRef], now) -> Comment:
    return comment_build(
        article=articles[item["article"]],
        parent=placed.get(_source(item["parent"])) if item.get("parent") else None,
        name=item["name"], email=item["email"], body=item["body"], status=item["status"],
        created_at=now - timedelta(hours=40 - i), source=_source(item["key"]),
    )  # fmt: skip
