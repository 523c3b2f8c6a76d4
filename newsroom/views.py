"""Site-wide views."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language

from newsroom.csrf import token_free_for_readers


def healthz(request: HttpRequest) -> HttpResponse:
    """Answer load balancers; also the floor the page benchmarks compare against."""
    return render(request, "healthz.html")


@never_cache
def readiness(request: HttpRequest) -> HttpResponse:
    """Answer 200 while the database answers: the shared cache's probe (deploy/varnish/).

    A database outage fails this with a 503 (newsroom.middleware), so the cache serves the pages
    it holds instead of asking the origin for each.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ready", content_type="text/plain")


@token_free_for_readers
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language; a reader's switch carries no token (cached pages: newsroom.csrf)."""
    return set_language(request)
