"""The reader's cookies: their own pending comments and, with consent, their details (signed)."""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

OWN_COMMENTS_COOKIE = "comments_own"
OWN_COMMENTS_SALT = "comments.own"
OWN_COMMENTS_KEPT = 50
OWN_COMMENTS_MAX_AGE = 30 * 86400
AUTHOR_COOKIE = "comment_author"
AUTHOR_COOKIE_SALT = "comments.author"
REMEMBERED_FIELDS = ("name", "email", "url")


def own_comment_ids(request: HttpRequest) -> list[int]:
    """Return the ids of comments this browser posted (a signed cookie: no server-side state)."""
    value = request.COOKIES.get(OWN_COMMENTS_COOKIE)
    if not value:
        return []
    try:
        ids = signing.loads(value, salt=OWN_COMMENTS_SALT, max_age=OWN_COMMENTS_MAX_AGE)
    except signing.BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def remember_own_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    """Let this browser see its own comment while it awaits moderation."""
    ids = [*own_comment_ids(request), comment_id][-OWN_COMMENTS_KEPT:]
    response.set_cookie(
        OWN_COMMENTS_COOKIE, signing.dumps(ids, salt=OWN_COMMENTS_SALT),
        max_age=OWN_COMMENTS_MAX_AGE, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip


def remembered_author(request: HttpRequest) -> dict:
    """Return the name, email and url the reader asked us to remember, if any."""
    value = request.COOKIES.get(AUTHOR_COOKIE)
    if not value:
        return {}
    max_age = settings.COMMENTS_REMEMBER_COOKIE_DAYS * 86400
    try:
        data = signing.loads(value, salt=AUTHOR_COOKIE_SALT, max_age=max_age)
    except signing.BadSignature:
        return {}
    return (
        {key: str(data.get(key, "")) for key in REMEMBERED_FIELDS} if isinstance(data, dict) else {}
    )


def update_remembered_author(response: HttpResponse, *, data: dict, consent: bool) -> None:
    """Store the reader's details only with their consent; forget them otherwise."""
    if not consent:
        response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")
        return
    value = signing.dumps(
        {key: data.get(key) or "" for key in REMEMBERED_FIELDS}, salt=AUTHOR_COOKIE_SALT
    )
    response.set_cookie(
        AUTHOR_COOKIE, value, max_age=settings.COMMENTS_REMEMBER_COOKIE_DAYS * 86400,
        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
