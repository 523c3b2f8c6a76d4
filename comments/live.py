"""What an open article page has not shown yet: the comments approved since it last asked.

The page's script polls with a cursor, `since`: an audit event id (comments.models.
ModerationEvent), as every approval writes one, whether at posting, by an editor or by an
import. An event id is given out before its transaction commits, so a cursor taken at the
newest event could step over one still committing; the cursor handed back is the newest event
older than LIVE_SETTLE_SECONDS, and the script skips what it already shows. The page itself
carries no cursor (that would cost its render a query) but the time of the version it shows,
from which the first answer finds one.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import get_language

from articles.models import Article
from comments.models import Comment, ModerationEvent
from comments.selectors import ShownComment
from newsroom.versions import versions_etag

LIVE_SETTLE_SECONDS = 60
_SHOWN = [f"comment__{name}" for name in ShownComment._fields]


@dataclass(frozen=True, slots=True)
class NewComment:
    shown: ShownComment
    thread_id: int | None
    depth: int


def settled_cursor(*, at: datetime | None = None) -> int:
    """Return the newest audit event made LIVE_SETTLE_SECONDS before `at` (now by default):
    none older can still be committing, so the comments it approves all show by then.

    Read newest first down the primary key: it goes through the events since then only.
    """
    settled = (at or timezone.now()) - timedelta(seconds=LIVE_SETTLE_SECONDS)
    older = ModerationEvent.objects.filter(created_at__lt=settled).order_by("-pk")
    return older.values_list("pk", flat=True).first() or 0


def version_time(version: str) -> int:
    """Return when a block_version() was made, in ns: what a page shows is at least that new."""
    return max(int(part) for part in version.split("."))


def approved_since(article: Article, *, since: int, limit: int) -> list[NewComment]:
    """Return up to limit comments of the article approved after event `since`, and public now.

    In the order they were approved; one query, whatever the article's number of comments.
    """
    found: dict[int, NewComment] = {}
    for row in approvals_since(article.pk, since=since)[:limit]:
        *shown, thread_id, depth = row
        found.setdefault(shown[0], NewComment(ShownComment(*shown), thread_id, depth))
    return list(found.values())


def approvals_since(article_id: int, *, since: int):
    """The approvals of the article's comments after event `since` that are public now, in order."""
    return (
        ModerationEvent.objects.filter(
            pk__gt=since,
            to_status=Comment.Status.APPROVED,
            comment__article_id=article_id,
            comment__status=Comment.Status.APPROVED,
            comment__kind=Comment.Kind.COMMENT,
        )
        .order_by("pk")
        .values_list(*_SHOWN, "comment__thread_id", "comment__depth")
    )


def live_etag(article_id: int, version: str) -> str:
    """Name the poll's answer by the article's block_version(): it changes with every approval.

    Not by the cursor: a poll with the cursor and ETag of its last answer has seen all there is
    up to this version. The block carries the one of the version it shows, so even the first
    poll of a quiet story is a 304.
    """
    return versions_etag(["live", article_id, version, get_language()])
