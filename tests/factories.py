"""Small typed factories for tests: real rows in the real database."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Section
from comments.models import Comment
from comments.sanitize import sanitize_comment
from comments.text import normalize_arabic

_sequence = itertools.count(1)


def make_section(**fields) -> Section:
    n = next(_sequence)
    fields.setdefault("name", f"قسم {n}")
    fields.setdefault("slug", f"قسم-{n}")
    return Section.objects.create(**fields)


def make_article(*, section: Section | None = None, **fields) -> Article:
    n = next(_sequence)
    fields.setdefault("title", f"مقال تجريبي رقم {n}")
    fields.setdefault("slug", f"مقال-{n}")
    fields.setdefault("body_html", "<p>نص المقال.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return Article.objects.create(section=section or make_section(), **fields)


def make_comment(*, article: Article, parent: Comment | None = None, **fields) -> Comment:
    n = next(_sequence)
    fields.setdefault("name", f"قارئ {n}")
    fields.setdefault("email", f"reader{n}@example.com")
    fields.setdefault("body", f"تعليق رقم {n}")
    fields.setdefault("status", Comment.Status.APPROVED)
    fields.setdefault("created_at", timezone.now() - timedelta(minutes=10) + timedelta(seconds=n))
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        thread=(parent.thread or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        body_html=sanitize_comment(fields["body"]),
        body_normalized=normalize_arabic(fields["body"]),
        **fields,
    )
    if comment.is_public:
        Article.objects.filter(pk=article.pk).update(
            approved_comment_count=article.comments.public().count()
        )
        article.refresh_from_db(fields=["approved_comment_count"])
    return comment
