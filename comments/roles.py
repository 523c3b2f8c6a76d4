"""Who moderates: whoever holds the moderate permission, which the Editors group grants.

The group is created with the permission by migration 0002; superusers hold every permission.
The admin, the moderation API and the privacy tools ask here. The emails about held comments go
to the Editors group's members (comments.notifications.editor_addresses).
"""

EDITORS_GROUP = "Editors"
MODERATE_PERMISSION = "comments.moderate_comment"


def is_editor(user) -> bool:
    """Return whether this user may moderate comments (an active user with the permission)."""
    return bool(user and user.is_authenticated and user.has_perm(MODERATE_PERMISSION))
