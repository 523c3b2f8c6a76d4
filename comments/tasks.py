"""Background tasks: thin wrappers that run the notification and upkeep functions on a worker."""

import logging
from collections.abc import Callable
from functools import partial

from celery import shared_task
from django.db import transaction

from comments import notifications

logger = logging.getLogger(__name__)


@shared_task(name="comments.notify_editors_held")
def notify_editors_held(comment_id: int) -> bool:
    return notifications.notify_editors_held(comment_id=comment_id)


@shared_task(name="comments.notify_author_approved")
def notify_author_approved(comment_id: int) -> bool:
    return notifications.notify_author_approved(comment_id=comment_id)


@shared_task(name="comments.notify_approved")
def notify_approved(comment_ids: list[int], held_ids: list[int]) -> int:
    return notifications.notify_approved(comment_ids=comment_ids, held_ids=held_ids)


@shared_task(name="comments.notify_reply_subscriber")
def notify_reply_subscriber(comment_id: int) -> bool:
    return notifications.notify_reply_subscriber(comment_id=comment_id)


def _enqueue_now(task, kwargs: dict) -> None:
    try:
        task.apply_async(kwargs=kwargs)
    except Exception:  # a broker outage must not fail the request: do the work here instead
        logger.exception("Task queue unavailable; running %s in the request", task.name)
        task.run(**kwargs)


def enqueue_after_commit(task, **kwargs) -> None:
    """Queue the task once the current transaction commits (never for a rolled-back change)."""
    callback: Callable[[], None] = partial(_enqueue_now, task, kwargs)
    transaction.on_commit(callback)
