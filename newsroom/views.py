"""Site-wide views."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def healthz(request: HttpRequest) -> HttpResponse:
    """Answer load balancers; also the floor the page benchmarks compare against."""
    return render(request, "healthz.html")
