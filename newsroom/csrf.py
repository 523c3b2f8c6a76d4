"""Cross-site request forgery: Django's token for signed-in users, Fetch Metadata for readers.

The anonymous posts of pages a shared cache keeps (a comment, the language switch) cannot carry
a per-reader token: the page is the same for every reader. For them the browser's own
`Sec-Fetch-Site` header, with `Origin` as the fallback, tells a same-site post from a
cross-site one (django-modern-csrf, the algorithm of Go's CrossOriginProtection). A signed-in
user's session is what a forged post would borrow, so their posts keep Django's token check,
and their pages, which carry the token, are private (newsroom.edge_cache).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.template.loader import render_to_string
from modern_csrf.middleware import ModernCsrfViewMiddleware

TOKEN_FREE_ATTRIBUTE = "token_free_for_readers"


def token_free_for_readers[V: Callable](view: V) -> V:
    """Let anonymous readers post to this view without a token (Fetch Metadata decides)."""
    setattr(view, TOKEN_FREE_ATTRIBUTE, True)
    return view


class ReaderCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF middleware, except for anonymous posts to views marked token-free."""

    def __init__(self, get_response) -> None:
        super().__init__(get_response)
        self.fetch_metadata = ModernCsrfViewMiddleware(get_response)

    def process_view(self, request: HttpRequest, callback, callback_args, callback_kwargs):
        if getattr(callback, TOKEN_FREE_ATTRIBUTE, False) and not request.user.is_authenticated:
            return self.fetch_metadata.process_view(
                request, callback, callback_args, callback_kwargs
            )
        return super().process_view(request, callback, callback_args, callback_kwargs)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The refusal of a cross-site post (or a signed-in post without its token), translated."""
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=request))
