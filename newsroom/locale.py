"""Reader pages speak Arabic unless the reader picks English; API and admin follow the browser."""

from django.http import HttpRequest, HttpResponse

KEEP_BROWSER_LANGUAGE = ("/api/", "/admin/")  # the API for apps, the admin for editors


class PagesIgnoreBrowserLanguageMiddleware:
    """Hide Accept-Language from LocaleMiddleware on pages, so the switch alone decides there."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(KEEP_BROWSER_LANGUAGE):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
