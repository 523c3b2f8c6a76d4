"""Keep answers that set a cookie out of shared caches."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateWhenSettingCookiesMiddleware:
    """Mark `Cache-Control: private` on any answer that sets a cookie (csrftoken, session, ...).

    A shared cache that stored such an answer would hand one reader's cookie to every other.
    Listed above the middleware that set cookies, so it sees their cookies on the way out.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.cookies:
            patch_cache_control(response, private=True)
        return response
