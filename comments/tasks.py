"""Background tasks: thin wrappers that run the notification and upkeep functions on a worker."""

import logging
from collections.abc import Callable, Iterable
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction

from comments import block, notifications
from comments.services import identity, retention, risk
from newsroom.redis_breaker import breaker_for_url

logger = logging.getLogger(__name__)


@shared_task(name="comments.notify_editors_held")
def notify_editors_held(comment_id: int) -> bool:
    return notifications.notify_editors_held(comment_id=comment_id)


@shared_task(name="comments.notify_approved")
def notify_approved(comment_ids: list[int], held_ids: list[int]) -> int:
    return notifications.notify_approved(comment_ids=comment_ids, held_ids=held_ids)


@shared_task(name="comments.notify_reply_subscriber")
def notify_reply_subscriber(comment_id: int) -> bool:
    return notifications.notify_reply_subscriber(comment_id=comment_id)


@shared_task(name="comments.send_email_confirmation")
def send_email_confirmation(email: str) -> bool:
    return identity.confirmation_send(email=email)


@shared_task(name="comments.warm_comment_blocks")
def warm_comment_blocks(article_ids: list[int]) -> int:
    return block.comment_blocks_warm(article_ids)


@shared_task(name="comments.purge_expired_data")
def purge_expired_data() -> dict[str, int]:
    return retention.expired_data_purge()


def _publish(task, kwargs: dict) -> None:
    """Queue the task, unless the broker's breaker says it is down (newsroom.redis_breaker)."""
    breaker = breaker_for_url(settings.CELERY_BROKER_URL)
    if breaker is None:
        task.apply_async(kwargs=kwargs)
    else:
        breaker.call(lambda: task.apply_async(kwargs=kwargs), failures=(Exception,))


@shared_task(name="comments.train_moderation_model")
def train_moderation_model() -> int:
    """Train a new abuse model version on MPOLD and the site's decisions; return its id."""
    return risk.risk_model_version_train(from_decisions=True).pk


def _enqueue_now(task, kwargs: dict, *, run_here_if_unavailable: bool = True) -> None:
    try:
        _publish(task, kwargs)
    except Exception:  # a broker outage must not fail the request
        if not run_here_if_unavailable:
            logger.warning("Task queue unavailable; skipped %s", task.name)
            return
        logger.exception("Task queue unavailable; running %s in the request", task.name)
        task.run(**kwargs)


def enqueue_after_commit(task, **kwargs) -> None:
    """Queue the task once the current transaction commits (never for a rolled-back change)."""
    callback: Callable[[], None] = partial(_enqueue_now, task, kwargs)
    transaction.on_commit(callback)


def warm_after_commit(article_ids: Iterable[int]) -> None:
    """Have a worker re-render these articles' comment blocks once the change commits.

    Only with a worker: in-process, it would move the next reader's work into the writer's
    request, and during a broker outage it is skipped for the same reason.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    kwargs = {"article_ids": sorted(set(article_ids))}
    transaction.on_commit(
        partial(_enqueue_now, warm_comment_blocks, kwargs, run_here_if_unavailable=False)
    )
