"""Load demo sections, Arabic articles and comments; safe to run again."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Section, SocialLink
from comments.models import Comment
from comments.services.counts import approved_counts_refresh
from comments.text import search_text
from newsroom.sanitize import sanitize_comment
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
        created = 0
        by_key: dict[str, Comment] = {}
        for i, item in enumerate(COMMENTS):
            source = f"demo:{item['key']}"
            parent = by_key.get(item.get("parent", ""))
            comment, was_created = Comment.objects.get_or_create(
                source=source,
                defaults={
                    "article": articles[item["article"]], "parent": parent,
                    "thread": (parent.thread or parent) if parent else None,
                    "depth": parent.depth + 1 if parent else 0,
                    "name": item["name"], "email": item["email"], "body": item["body"],
                    "body_html": sanitize_comment(item["body"]),
                    "body_normalized": search_text(f"{item['name']} {item['body']}"),
                    "status": item["status"], "created_at": now - timedelta(hours=40 - i),
                },
            )  # fmt: skip
            by_key[item["key"]] = comment
            created += was_created
        approved_counts_refresh(article_ids={article.pk for article in articles.values()})
        return created
