"""Small typed factories for tests: real rows in the real database."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Section
from comments.models import Comment
from comments.services.build import comment_build, comments_store

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


# Stored as given, outside what comment_build takes.
NOT_BUILT_FIELDS = frozenset({"report_count"})


def make_comment(*, article: Article, parent: Comment | None = None, **fields) -> Comment:
    n = next(_sequence)
    fields.setdefault("name", f"قارئ {n}")
    fields.setdefault("email", f"reader{n}@example.com")
    fields.setdefault("body", f"تعليق رقم {n}")
    fields.setdefault("status", Comment.Status.APPROVED)
    # Ordered by creation, and always in the past however many comments a suite makes.
    fields.setdefault("created_at", timezone.now() - timedelta(days=1) + timedelta(milliseconds=n))
    if "ip_address" in fields:
        fields["ip"] = fields.pop("ip_address")
    not_built = {key: fields.pop(key) for key in NOT_BUILT_FIELDS & fields.keys()}
    comment = comment_build(article=article, parent=parent, **fields)  # as the app derives it
    for key, value in not_built.items():
        setattr(comment, key, value)
    comment.save()
    if comment.is_public:
        Article.objects.filter(pk=article.pk).update(
            approved_comment_count=article.comments.counted().count()
        )
        article.refresh_from_db(fields=["approved_comment_count"])
    return comment


def make_user(*, groups: tuple[str, ...] = (), permissions: tuple[str, ...] = (), **fields):
    """Create a staff user in the named groups with the given "app_label.codename" permissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    n = next(_sequence)
    fields.setdefault("username", f"user{n}")
    fields.setdefault("email", f"user{n}@example.com")
    fields.setdefault("is_staff", True)
    user = get_user_model().objects.create_user(password="secret-password-1", **fields)
    user.groups.set(Group.objects.filter(name__in=groups))
    for label in permissions:
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_editor(**fields):
    """Create a staff member of the Editors group (created by a comments migration)."""
    return make_user(groups=("Editors",), **fields)


def make_comments_bulk(*, article: Article, count: int) -> list[Comment]:
    """Store count approved comments in bulk: half top-level, half one reply to each."""
    start = timezone.now() - timedelta(days=1)
    approved = Comment.Status.APPROVED
    roots = comments_store(
        comment_build(
            article=article, parent=None, name=f"قارئ {i}", email=f"bulk{i}@example.com",
            body=f"تعليق {i}", status=approved, created_at=start + timedelta(seconds=i),
        )
        for i in range((count + 1) // 2)
    )  # fmt: skip
    replies = comments_store(
        comment_build(
            article=article, parent=root, name=f"راد {i}", email=f"reply{i}@example.com",
            body=f"رد {i}", status=approved, created_at=start + timedelta(hours=1, seconds=i),
        )
        for i, root in enumerate(roots[: count // 2])
    )  # fmt: skip
    return roots + replies


def make_verified_email(email: str):
    """Record that this address confirmed a link, as a commenter's click would."""
    from comments.models import EmailConfirmation

    now = timezone.now() - timedelta(days=2)
    return EmailConfirmation.objects.create(email=email, created_at=now, confirmed_at=now)


def make_superuser(**fields):
    """Create a superuser, who holds every permission."""
    return make_user(is_superuser=True, **fields)
