"""Who may do what, route by route: the declared answer for each role, keyed by URL name.

Roles, in this order: anonymous, logged-in reader, staff outside Editors, editor, superuser.
Answers: ok (2xx), redirect (3xx elsewhere), login (3xx to the admin login), unauthorized
(401), forbidden (403), not_found (404). Pages log in by session; the API by token.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from comments.forms import form_timestamp
from comments.notifications import confirmation_token, unsubscribe_token

ROLES = ("anonymous", "reader", "staff", "editor", "superuser")

EVERYONE = ("ok",) * 5
EVERYONE_REDIRECTED = ("redirect",) * 5
STAFF = ("login", "login", "ok", "ok", "ok")
EDITORS = ("login", "login", "forbidden", "ok", "ok")
SUPERUSER = ("login", "login", "forbidden", "forbidden", "ok")
NOBODY = ("login", "login", "forbidden", "forbidden", "forbidden")
EDITORS_REDIRECTED = ("login", "login", "forbidden", "redirect", "redirect")
API_EDITORS = ("unauthorized", "forbidden", "forbidden", "ok", "ok")
# The token endpoint: anonymous sends wrong credentials, the others their own.
TOKEN = ("bad_request", "ok", "ok", "ok", "ok")


@dataclass(frozen=True)
class Route:
    expect: tuple[str, ...]
    url: Callable[[object], str]
    method: str = "get"
    data: Callable[[object], dict] = field(default=lambda o: {})
    api: bool = False


def _admin(model: str, obj: str, *, changelist, add, change, delete, history) -> dict[str, Route]:
    """Declare the five standard admin pages of one model."""

    def pk(o) -> str:
        return str(getattr(o, obj).pk)

    return {
        f"admin:{model}_changelist": Route(
            changelist, lambda o: reverse(f"admin:{model}_changelist")
        ),
        f"admin:{model}_add": Route(add, lambda o: reverse(f"admin:{model}_add")),
        f"admin:{model}_change": Route(
            change, lambda o: reverse(f"admin:{model}_change", args=[pk(o)])
        ),
        f"admin:{model}_delete": Route(
            delete, lambda o: reverse(f"admin:{model}_delete", args=[pk(o)])
        ),
        f"admin:{model}_history": Route(
            history, lambda o: reverse(f"admin:{model}_history", args=[pk(o)])
        ),
    }


def _superuser_only(model: str, obj: str) -> dict[str, Route]:
    s = SUPERUSER
    return _admin(model, obj, changelist=s, add=s, change=s, delete=s, history=s)


def _superuser_reads(model: str, obj: str) -> dict[str, Route]:
    s = SUPERUSER
    return _admin(model, obj, changelist=s, add=NOBODY, change=s, delete=s, history=s)


def _comment_form(o) -> dict:
    return {
        "name": "قارئ",
        "email": "matrix@example.com",
        "body": "تعليق في المصفوفة",
        "timestamp": form_timestamp(o.article),
    }


ROUTES: dict[str, Route] = {
    # Reader pages: everyone reads and posts.
    "healthz": Route(EVERYONE, lambda o: reverse("healthz")),
    "readiness": Route(EVERYONE, lambda o: reverse("readiness")),
    "comments:form_timestamp": Route(
        EVERYONE, lambda o: reverse("comments:form_timestamp", args=[o.article.pk])
    ),
    "comments:live": Route(EVERYONE, lambda o: reverse("comments:live", args=[o.article.pk])),
    "articles:home": Route(EVERYONE, lambda o: reverse("articles:home")),
    "articles:section": Route(EVERYONE, lambda o: o.section.get_absolute_url()),
    "pages:article": Route(EVERYONE, lambda o: o.article.get_absolute_url()),
    "articles:feed": Route(EVERYONE, lambda o: reverse("articles:feed")),
    "comments:feed": Route(EVERYONE, lambda o: reverse("comments:feed", args=[o.article.slug])),
    "pages:comment_post": Route(
        EVERYONE_REDIRECTED,
        lambda o: reverse("pages:comment_post", args=[o.article.pk]),
        method="post",
        data=_comment_form,
    ),
    "pages:embed_script": Route(EVERYONE, lambda o: reverse("pages:embed_script")),
    # Without EMBED_ALLOWED_ORIGINS no site may embed: refused whoever asks.
    "pages:embed_thread": Route(
        ("forbidden",) * 5,
        lambda o: reverse("pages:embed_thread"),
        data=lambda o: {"url": "https://news.example/2026/11/story/"},
    ),
    "pages:embed_frame": Route(
        EVERYONE,
        lambda o: reverse("pages:embed_frame", args=[o.article.pk, "ar"]),
    ),
    "pages:embed_post": Route(
        EVERYONE_REDIRECTED,
        lambda o: reverse("pages:embed_post", args=[o.article.pk, "ar"]),
        method="post",
        data=_comment_form,
    ),
    "comments:permalink": Route(
        EVERYONE_REDIRECTED, lambda o: reverse("comments:permalink", args=[o.comment.pk])
    ),
    "comments:unsubscribe": Route(
        EVERYONE, lambda o: reverse("comments:unsubscribe", args=[unsubscribe_token(o.comment.pk)])
    ),
    "comments:confirm_email": Route(
        EVERYONE,
        lambda o: reverse("comments:confirm_email", args=[confirmation_token(o.confirmation)]),
    ),
    "comments:report": Route(EVERYONE, lambda o: reverse("comments:report", args=[o.comment.pk])),
    "comments:replies": Route(EVERYONE, lambda o: reverse("comments:replies", args=[o.comment.pk])),
    "comments:useful": Route(
        EVERYONE_REDIRECTED,
        lambda o: reverse("comments:useful", args=[o.comment.pk]),
        method="post",
    ),
    "comments:my_reactions": Route(EVERYONE, lambda o: reverse("comments:my_reactions")),
    # The reader's own state: everyone asks; only the browser that posted a comment edits it.
    "comments:own": Route(EVERYONE, lambda o: f"{reverse('comments:own')}?article={o.article.pk}"),
    "comments:edit": Route(
        ("forbidden",) * 5, lambda o: reverse("comments:edit", args=[o.comment.pk])
    ),
    "set_language": Route(
        EVERYONE_REDIRECTED,
        lambda o: reverse("set_language"),
        method="post",
        data=lambda o: {"language": "en", "next": "/"},
    ),
    # The public API: everyone reads, posts and reports.
    "api:sections": Route(EVERYONE, lambda o: reverse("api:sections"), api=True),
    "api:articles": Route(EVERYONE, lambda o: reverse("api:articles"), api=True),
    "api:article": Route(EVERYONE, lambda o: reverse("api:article", args=[o.article.pk]), api=True),
    "api:article-comments": Route(
        EVERYONE, lambda o: reverse("api:article-comments", args=[o.article.pk]), api=True
    ),
    "api:comment-counts": Route(
        EVERYONE,
        lambda o: reverse("api:comment-counts"),
        data=lambda o: {"articles": str(o.article.pk)},
        api=True,
    ),
    "api:comment-reports": Route(
        EVERYONE,
        lambda o: reverse("api:comment-reports", args=[o.comment.pk]),
        method="post",
        data=lambda o: {"reason": "spam"},
        api=True,
    ),
    "api:comment-reactions": Route(
        EVERYONE,
        lambda o: reverse("api:comment-reactions", args=[o.comment.pk]),
        method="post",
        api=True,
    ),
    "api:schema": Route(EVERYONE, lambda o: reverse("api:schema"), api=True),
    "api:docs": Route(EVERYONE, lambda o: reverse("api:docs"), api=True),
    "route:api/": Route(("not_found",) * 5, lambda o: "/api/no-such-endpoint/", api=True),
    "api:token": Route(
        TOKEN, lambda o: reverse("api:token"), method="post", api=True, data=lambda o: o.credentials
    ),
    # The moderators' API: the Editors group and superusers only.
    "api:moderation-comments": Route(
        API_EDITORS, lambda o: reverse("api:moderation-comments"), api=True
    ),
    "api:moderation-decision": Route(
        API_EDITORS,
        lambda o: reverse("api:moderation-decision", args=[o.comment.pk]),
        method="post",
        data=lambda o: {"action": "approve"},
        api=True,
    ),
    "api:moderation-events": Route(
        API_EDITORS, lambda o: reverse("api:moderation-events", args=[o.comment.pk]), api=True
    ),
    "api:moderation-decisions": Route(
        API_EDITORS,
        lambda o: reverse("api:moderation-decisions"),
        method="post",
        api=True,
        data=lambda o: {"action": "approve", "ids": [o.comment.pk]},
    ),
    # The admin site: staff log in; what they may see depends on their permissions.
    "admin:index": Route(STAFF, lambda o: reverse("admin:index")),
    "admin:login": Route(
        ("ok", "ok", "redirect", "redirect", "redirect"), lambda o: reverse("admin:login")
    ),
    "admin:logout": Route(
        ("redirect", "redirect", "ok", "ok", "ok"), lambda o: reverse("admin:logout"), method="post"
    ),
    "admin:password_change": Route(STAFF, lambda o: reverse("admin:password_change")),
    "admin:password_change_done": Route(STAFF, lambda o: reverse("admin:password_change_done")),
    "admin:autocomplete": Route(
        ("login", "login", "forbidden", "forbidden", "forbidden"),
        lambda o: reverse("admin:autocomplete"),
    ),
    "admin:jsi18n": Route(STAFF, lambda o: reverse("admin:jsi18n")),
    "admin:view_on_site": Route(
        ("login", "login", "redirect", "redirect", "redirect"),
        lambda o: reverse("admin:view_on_site", args=[o.article_type, o.article.pk]),
    ),
    # Any staff member sees the comments app: their own newsroom name is in it.
    "admin:app_list": Route(
        STAFF,
        lambda o: reverse("admin:app_list", args=["comments"]),
    ),
    "route:admin/(?P<url>.*)$": Route(STAFF[:2] + ("not_found",) * 3, lambda o: "/admin/nowhere/"),
    "privacy:personal_data": Route(EDITORS, lambda o: reverse("privacy:personal_data")),
    "moderation_accuracy:accuracy": Route(
        EDITORS, lambda o: reverse("moderation_accuracy:accuracy")
    ),
    "admin:comments_comment_decide": Route(
        ("login", "login", "forbidden", "redirect", "redirect"),
        lambda o: reverse("admin:comments_comment_decide", args=[o.comment.pk, "approve"]),
        method="post",
    ),
    "admin:comments_comment_desk": Route(EDITORS, lambda o: reverse("admin:comments_comment_desk")),
    "admin:comments_comment_desk_count": Route(
        EDITORS, lambda o: reverse("admin:comments_comment_desk_count")
    ),
    "admin:comments_comment_desk_changes": Route(
        EDITORS, lambda o: reverse("admin:comments_comment_desk_changes")
    ),
    "admin:comments_comment_desk_decide": Route(
        ("login", "login", "forbidden", "redirect", "redirect"),
        lambda o: reverse("admin:comments_comment_desk_decide"),
        method="post",
    ),
    "admin:comments_comment_block": Route(
        ("login", "login", "forbidden", "redirect", "redirect"),
        lambda o: reverse("admin:comments_comment_block", args=[o.comment.pk]),
        method="post",
    ),
    # An empty form imposes or notes nothing, but the permission is checked first.
    "admin:comments_comment_sanction": Route(
        ("login", "login", "forbidden", "redirect", "redirect"),
        lambda o: reverse("admin:comments_comment_sanction", args=[o.comment.pk]),
        method="post",
    ),
    "admin:comments_comment_note": Route(
        ("login", "login", "forbidden", "redirect", "redirect"),
        lambda o: reverse("admin:comments_comment_note", args=[o.comment.pk]),
        method="post",
    ),
    **_admin(
        "comments_sanction",
        "sanction",
        changelist=EDITORS,
        add=NOBODY,
        change=EDITORS,
        delete=NOBODY,
        history=EDITORS,
    ),
    **_admin(
        "comments_comment",
        "comment",
        changelist=EDITORS,
        add=NOBODY,
        change=EDITORS,
        delete=NOBODY,
        history=EDITORS,
    ),
    **_admin(
        "comments_moderationevent",
        "event",
        changelist=EDITORS,
        add=NOBODY,
        change=EDITORS,
        delete=NOBODY,
        history=EDITORS,
    ),
    **_admin(
        "comments_moderationlistentry",
        "list_entry",
        changelist=EDITORS,
        add=EDITORS,
        change=EDITORS,
        delete=EDITORS,
        history=EDITORS,
    ),
    # One settings row: its list redirects to its page.
    **_admin(
        "comments_moderationsettings",
        "settings_row",
        changelist=EDITORS_REDIRECTED,
        add=NOBODY,
        change=EDITORS,
        delete=NOBODY,
        history=EDITORS,
    ),
    # Each staff member's own newsroom name (the one here is the staff role's): nobody else's.
    **_admin(
        "comments_staffprofile",
        "staff_profile",
        changelist=STAFF,
        add=("login", "login", "redirect", "ok", "ok"),  # the one who has one is sent to it
        change=("login", "login", "ok", "redirect", "redirect"),
        delete=("login", "login", "ok", "redirect", "redirect"),
        history=("login", "login", "ok", "redirect", "redirect"),
    ),
    **_superuser_only("articles_article", "article"),
    **_superuser_only("articles_section", "section"),
    **_superuser_only("articles_sociallink", "social_link"),
    **_superuser_only("auth_group", "group"),
    **_superuser_only("auth_user", "superuser"),
    **_superuser_only("authtoken_tokenproxy", "superuser"),
    # Login records: superusers read them; nobody forges one.
    **_superuser_reads("axes_accessattempt", "access_attempt"),
    **_superuser_reads("axes_accesslog", "access_log"),
    **_superuser_reads("axes_accessfailurelog", "access_failure_log"),
    "admin:auth_user_password_change": Route(
        SUPERUSER, lambda o: reverse("admin:auth_user_password_change", args=[o.superuser.pk])
    ),
}

# The admin's old "<object_id>/" address redirects any staff member to the change page.
ADMIN_OBJECT_SHORTCUT = ("login", "login", "redirect", "redirect", "redirect")
ROUTES |= {
    f"route:admin/{model}/<path:object_id>/": Route(
        ADMIN_OBJECT_SHORTCUT,
        lambda o, model=model, obj=obj: f"/admin/{model}/{getattr(o, obj).pk}/",
    )
    for model, obj in [
        ("articles/article", "article"),
        ("articles/section", "section"),
        ("articles/sociallink", "social_link"),
        ("auth/group", "group"),
        ("auth/user", "superuser"),
        ("authtoken/tokenproxy", "superuser"),
        ("axes/accessattempt", "access_attempt"),
        ("axes/accesslog", "access_log"),
        ("axes/accessfailurelog", "access_failure_log"),
        ("comments/comment", "comment"),
        ("comments/moderationevent", "event"),
        ("comments/moderationlistentry", "list_entry"),
        ("comments/moderationsettings", "settings_row"),
        ("comments/sanction", "sanction"),
        ("comments/staffprofile", "staff_profile"),
    ]
}
