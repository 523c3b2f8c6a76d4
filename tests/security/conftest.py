"""Fixtures for the security suite: roles, and data built once per module inside a rolled-back transaction."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.test import override_settings

EDITORS_GROUP = "Editors"
EDITORS_MIGRATION = "comments.migrations.0002_editors_group_and_defaults"
PASSWORD = "correct horse battery staple 42"


@contextmanager
def module_data(django_db_blocker) -> Iterator[None]:
    """Open a transaction that every test of the module shares and that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(COMMENTS_FORM_MIN_SECONDS=0):
            yield
        transaction.set_rollback(True)


def make_user(username: str, *, staff: bool = False, superuser: bool = False, groups=()):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@newsroom.example",
        is_staff=staff or superuser, is_superuser=superuser,
    )  # fmt: skip
    for name in groups:
        user.groups.add(editors_group() if name == EDITORS_GROUP else Group.objects.get(name=name))
    return user


def editors_group() -> Group:
    """Return the Editors group as its data migration makes it (a flushed database lost it)."""
    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if created:
        codenames = import_module(EDITORS_MIGRATION).EDITOR_PERMISSIONS
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)
        )
    return group


@pytest.fixture
def make_role(db) -> Callable:
    """Return a factory of users by role: reader, staff (outside Editors), editor, superuser."""
    roles = {
        "reader": {},
        "staff": {"staff": True},
        "editor": {"staff": True, "groups": [EDITORS_GROUP]},
        "superuser": {"superuser": True},
    }

    def factory(role: str, username: str | None = None):
        return make_user(username or f"{role}-user", **roles[role])

    return factory
