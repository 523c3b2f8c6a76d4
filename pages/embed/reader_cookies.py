"""The frame's reader state: partitioned cookies (CHIPS), kept per host site, sent to the frame only.

In a frame on another site, the reader's usual cookies (comments.reader_cookies) are third-party:
Safari, Firefox's strict mode and Chromium with third-party cookies blocked drop them. So does
Chromium with the frame's localStorage, which throws when third-party cookies are blocked. A
cookie marked Partitioned is kept in a jar of its own for each top-level site: the frame on
news.example sees only what it set there, no other site can read or follow it, and browsers
that block third-party cookies keep these. It must be Secure and SameSite=None (HTTPS; browsers
treat http://localhost as secure for development). Python 3.13's http.cookies knows no
Partitioned attribute (3.14 does), so a Morsel subclass writes it.
"""

from http.cookies import Morsel

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from comments.reader_cookies import (
    OWN_COMMENTS_KEPT,
    OWN_COMMENTS_MAX_AGE,
    author_details_in,
    author_details_signed,
    comment_ids_in,
    signed_cookie,
)

OWN_COOKIE = "embed_own"
OWN_SALT = "embed.own"
AUTHOR_COOKIE = "embed_author"
AUTHOR_SALT = "embed.author"


class PartitionedMorsel(Morsel):
    """A cookie with the Partitioned attribute (CHIPS)."""

    def OutputString(self, attrs=None) -> str:  # Morsel's own name
        return super().OutputString(attrs) + "; Partitioned"


def _set_partitioned(response: HttpResponse, key: str, value: str, max_age: int) -> None:
    response.set_cookie(key, value, max_age=max_age, httponly=True, samesite="None", secure=True)
    morsel = PartitionedMorsel()
    morsel.update(response.cookies[key])
    morsel.set(key, response.cookies[key].value, response.cookies[key].coded_value)
    response.cookies[key] = morsel


def own_comment_ids(request: HttpRequest) -> list[int]:
    """Return the ids of the comments this reader posted through the frame on this site."""
    value = signed_cookie(request, OWN_COOKIE, salt=OWN_SALT, max_age=OWN_COMMENTS_MAX_AGE)
    return comment_ids_in(value)


def remember_own_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    """Let this reader see their own comment in the frame while it awaits moderation."""
    ids = [*own_comment_ids(request), comment_id][-OWN_COMMENTS_KEPT:]
    value = signing.dumps(ids, salt=OWN_SALT)
    _set_partitioned(response, OWN_COOKIE, value, OWN_COMMENTS_MAX_AGE)


def remembered_author(request: HttpRequest) -> dict:
    """Return the name, email and url the reader asked the frame to remember, if any."""
    max_age = settings.COMMENTS_REMEMBER_COOKIE_DAYS * 86400
    return author_details_in(
        signed_cookie(request, AUTHOR_COOKIE, salt=AUTHOR_SALT, max_age=max_age)
    )


def update_remembered_author(
    request: HttpRequest, response: HttpResponse, *, data: dict, consent: bool
) -> None:
    """Store the reader's details only with their consent; forget them otherwise."""
    if not consent:
        if AUTHOR_COOKIE in request.COOKIES:
            _set_partitioned(response, AUTHOR_COOKIE, "", 0)
        return
    value = author_details_signed(data, salt=AUTHOR_SALT)
    _set_partitioned(response, AUTHOR_COOKIE, value, settings.COMMENTS_REMEMBER_COOKIE_DAYS * 86400)
