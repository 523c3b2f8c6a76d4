"""The reader's cookies: their own pending comments and, with consent, their details (signed).

Neither changes the article page: a shared cache serves it to this reader as to anyone
(deploy/varnish/default.vcl drops both from page requests). The page's script asks the private
endpoint (comments.views_own) for what they hold; without the script, the address a post sends
the reader back to carries an own-comment token (own_token), which with the cookie shows the
pending comment on a private answer.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

OWN_COMMENTS_COOKIE = "comments_own"
OWN_COMMENTS_SALT = "comments.own"
OWN_COMMENTS_KEPT = 50
OWN_COMMENTS_MAX_AGE = 30 * 86400
OWN_TOKEN_PARAMETER = "own"
OWN_TOKEN_SALT = "comments.own-token"
OWN_TOKEN_MAX_AGE = 86400
# Says only "ask the private endpoint": the page's script cannot read the HttpOnly cookies, and
# readers without one of them are spared the request.
OWN_STATE_COOKIE = "comments_state"
AUTHOR_COOKIE = "comment_author"
AUTHOR_COOKIE_SALT = "comments.author"
REMEMBERED_FIELDS = ("name", "email", "url")


def signed_cookie(request: HttpRequest, key: str, *, salt: str, max_age: int) -> object:
    """Return what a signed cookie holds, or None when it is absent, forged or too old."""
    value = request.COOKIES.get(key)
    if not value:
        return None
    try:
        return signing.loads(value, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None


def comment_ids_in(value: object) -> list[int]:
    """Return the comment ids a signed own-comments cookie holds (nothing else counts)."""
    return [i for i in value if isinstance(i, int)] if isinstance(value, list) else []


def author_details_in(value: object) -> dict:
    """Return the remembered name, email and url a signed author cookie holds."""
    if not isinstance(value, dict):
        return {}
    return {key: str(value.get(key, "")) for key in REMEMBERED_FIELDS}


def author_details_signed(data: dict, *, salt: str) -> str:
    """Return the value of an author cookie remembering these details."""
    return signing.dumps({key: data.get(key) or "" for key in REMEMBERED_FIELDS}, salt=salt)


def own_comment_ids(request: HttpRequest) -> list[int]:
    """Return the ids of comments this browser posted (a signed cookie: no server-side state)."""
    value = signed_cookie(
        request, OWN_COMMENTS_COOKIE, salt=OWN_COMMENTS_SALT, max_age=OWN_COMMENTS_MAX_AGE
    )
    return comment_ids_in(value)


def remember_own_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    """Let this browser see its own comment while it awaits moderation."""
    ids = [*own_comment_ids(request), comment_id][-OWN_COMMENTS_KEPT:]
    response.set_cookie(
        OWN_COMMENTS_COOKIE, signing.dumps(ids, salt=OWN_COMMENTS_SALT),
        max_age=OWN_COMMENTS_MAX_AGE, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
    _mark_state(response)


def remembered_author(request: HttpRequest) -> dict:
    """Return the name, email and url the reader asked us to remember, if any."""
    max_age = settings.COMMENTS_REMEMBER_COOKIE_DAYS * 86400
    return author_details_in(
        signed_cookie(request, AUTHOR_COOKIE, salt=AUTHOR_COOKIE_SALT, max_age=max_age)
    )


def update_remembered_author(response: HttpResponse, *, data: dict, consent: bool) -> None:
    """Store the reader's details only with their consent; forget them otherwise."""
    if not consent:
        response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")
        return
    value = author_details_signed(data, salt=AUTHOR_COOKIE_SALT)
    response.set_cookie(
        AUTHOR_COOKIE, value, max_age=settings.COMMENTS_REMEMBER_COOKIE_DAYS * 86400,
        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
    _mark_state(response)


def mark_state_if_missing(request: HttpRequest, response: HttpResponse) -> None:
    """Give cookies set before the page's script read them the sign it asks by (once)."""
    has_state = OWN_COMMENTS_COOKIE in request.COOKIES or AUTHOR_COOKIE in request.COOKIES
    if has_state and OWN_STATE_COOKIE not in request.COOKIES:
        _mark_state(response)


def _mark_state(response: HttpResponse) -> None:
    longest = max(OWN_COMMENTS_MAX_AGE, settings.COMMENTS_REMEMBER_COOKIE_DAYS * 86400)
    response.set_cookie(
        OWN_STATE_COOKIE, "1", max_age=longest, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip


def own_token(comment_id: int) -> str:
    """Sign the id of a comment just posted, for the address the reader is sent back to."""
    return signing.dumps(comment_id, salt=OWN_TOKEN_SALT, compress=False)


def own_ids_for_page(request: HttpRequest) -> list[int]:
    """Return the reader's comments this page request asks to see: the token's, if the cookie
    holds them too (a copied address shows nothing to anyone else)."""
    token = request.GET.get(OWN_TOKEN_PARAMETER)
    if not token:
        return []
    try:
        comment_id = signing.loads(token, salt=OWN_TOKEN_SALT, max_age=OWN_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return []
    return [comment_id] if comment_id in own_comment_ids(request) else []


def with_own_token(location: str, comment_id: int) -> str:
    """Add the comment's own-comment token to an address (before its #anchor)."""
    address, hash_mark, anchor = location.partition("#")
    joiner = "&" if "?" in address else "?"
    return f"{address}{joiner}{OWN_TOKEN_PARAMETER}={own_token(comment_id)}{hash_mark}{anchor}"
