from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from articles.selectors import navigation_sections


def site(request: HttpRequest) -> dict:
    """Give every page the site name and the sections menu (queried only when used)."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME or _("Newsroom"),
        # Canonical and Open Graph URLs: the site's own address, never the request's Host.
        "site_url": settings.NEWSROOM_SITE_URL.rstrip("/"),
        "nav_sections": SimpleLazyObject(navigation_sections),
    }
