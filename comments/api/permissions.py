"""Who may use the moderator endpoints: editors (comments.roles), as in the admin."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from comments.roles import is_editor


class IsEditor(BasePermission):
    """Allow users who may moderate (the Editors group, superusers); others get 401 or 403."""

    message = _("Only editors may moderate comments.")

    def has_permission(self, request, view) -> bool:
        return is_editor(request.user)
