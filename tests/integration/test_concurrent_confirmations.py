"""Two clicks on one confirmation link at the same moment, on two PostgreSQL connections."""

import threading

from django.db import transaction
from django.utils import timezone

from comments.models import EmailConfirmation
from comments.notifications import confirmation_token
from comments.services.identity import ConfirmationResult, email_confirm
from tests.concurrency import (
    WAIT_SECONDS,
    in_own_connection,
    needs_postgres,
    someone_waits_for_a_lock,
    wait_until,
)

pytestmark = needs_postgres("row locks between two connections need PostgreSQL")


def test_two_clicks_at_once_confirm_once():
    confirmation = EmailConfirmation.objects.create(
        email="twice@example.com", created_at=timezone.now()
    )
    token = confirmation_token(confirmation)
    results: dict[str, ConfirmationResult] = {}
    first_confirmed, let_first_commit = threading.Event(), threading.Event()

    def first() -> None:
        with transaction.atomic():
            results["first"] = email_confirm(token=token)
            first_confirmed.set()
            let_first_commit.wait(WAIT_SECONDS)

    def second() -> None:
        results["second"] = email_confirm(token=token)

    one, two = in_own_connection(first), in_own_connection(second)
    one.start()
    assert first_confirmed.wait(WAIT_SECONDS)
    two.start()
    wait_until(someone_waits_for_a_lock)  # the second click's UPDATE waits on the row
    let_first_commit.set()
    one.join(WAIT_SECONDS)
    two.join(WAIT_SECONDS)
    assert results == {"first": ConfirmationResult.CONFIRMED, "second": ConfirmationResult.USED}
    assert EmailConfirmation.objects.get().confirmed_at is not None
