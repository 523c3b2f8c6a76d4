"""Who may use the moderator endpoints: editors (comments.roles), as in the admin; and which
readers' changes come from our own pages."""

from django.utils.translation import gettext_lazy as _
from modern_csrf.middleware import ModernCsrfViewMiddleware
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from comments.roles import is_editor


class IsEditor(BasePermission):
    """Allow users who may moderate (the Editors group, superusers); others get 401 or 403."""

    message = _("Only editors may moderate comments.")

    def has_permission(self, request, view) -> bool:
        return is_editor(request.user)


class NotFromAnotherSite(BasePermission):
    """Refuse a browser's change sent by a page of another site (Fetch Metadata, else Origin).

    A reader without a token is told apart by their address (comments.reporters), which any
    page they visit could borrow with a body-less POST, one that needs no CORS preflight.
    Apps send neither header, so they pass; the site's own pages are same-origin.
    """

    message = _("This request was sent from another site, so it was refused.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        checker = ModernCsrfViewMiddleware(lambda _request: None)
        if checker.process_view(request._request, None, (), {}) is not None:
            raise PermissionDenied(self.message)  # a 403 even without a token, not a 401
        return True
