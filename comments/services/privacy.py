"""A commenter's personal data: export it, erase it (audited), and forget client data after N days."""

import logging
from collections import Counter, defaultdict
from datetime import timedelta
from operator import itemgetter

from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext

from comments.models import (
    Comment,
    CommenterNote,
    CommentRevision,
    EmailConfirmation,
    IdempotencyKey,
    ModerationEvent,
    ModerationListEntry,
    Sanction,
)
from comments.moderation import PERSONAL_REASON_CODES, reasons_without_personal_data
from comments.policy import forget_cached_lists
from comments.services.build import comment_text_derive
from comments.services.counts import approved_counts_adjust
from comments.services.events import StatusChange, event_record
from comments.text import normalize_email
from newsroom.versions import comment_block_invalidate, queue_invalidate

logger = logging.getLogger("newsroom.privacy")

ANONYMIZE = "anonymize"
DELETE = "delete"
ERASE_MODES = (ANONYMIZE, DELETE)
PLACEHOLDER_DOMAIN = "anonymized.invalid"  # RFC 2606: can never be a real mailbox
ERASE_REASON = "erased"
EXPORT_REASON = "exported"


def comments_of(email: str) -> QuerySet[Comment]:
    """Return every comment stored under this email address, whatever its case."""
    return Comment.objects.filter(email=normalize_email(email))


def _comment_record(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "article": {"id": comment.article_id, "title": comment.article.title,
                    "url": comment.article.get_absolute_url()},
        "in_reply_to": comment.parent_id,
        "name": comment.name,
        "email": comment.email,
        "website": comment.url,
        "comment": comment.body,
        "status": comment.status,
        "kind": comment.kind,
        "created_at": comment.created_at.isoformat(),
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
        "account": comment.user.get_username() if comment.user else None,
        "notify_replies": comment.notify_replies,
        "moderation_history": [
            {"when": e.created_at.isoformat(), "from": e.from_status, "to": e.to_status,
             "source": e.source}
            for e in comment.events.all()
        ],
    }  # fmt: skip


def personal_data_export(*, email: str, actor: AbstractBaseUser | None = None) -> dict:
    """Return everything stored about the commenter with this email, ready to dump as JSON.

    With an actor (the admin page and the command always give one) the export is audited.
    """
    found = list(
        comments_of(email)
        .select_related("article", "user")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    data = {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "comments": [_comment_record(comment) for comment in found],
        **_commenter_records(normalize_email(email)),
    }
    if actor is not None:
        _audit(found, actor=actor, reason=EXPORT_REASON, note="")
    return data


def _commenter_records(email: str) -> dict:
    """Return what editors and the confirmation links keep about this address."""
    confirmations = EmailConfirmation.objects.filter(email=email).order_by("created_at")
    return {
        "email_confirmations": [
            {"sent_at": c.created_at.isoformat(),
             "confirmed_at": c.confirmed_at.isoformat() if c.confirmed_at else None}
            for c in confirmations
        ],
        "editors_notes": [
            {"when": n.created_at.isoformat(), "note": n.body}
            for n in CommenterNote.objects.filter(email=email).order_by("created_at")
        ],
        "sanctions": [
            {"kind": s.kind, "reason": s.reason, "from": s.starts_at.isoformat(),
             "until": s.ends_at.isoformat() if s.ends_at else None,
             "lifted_at": s.lifted_at.isoformat() if s.lifted_at else None}
            for s in Sanction.objects.filter(email=email).order_by("starts_at")
        ],
    }  # fmt: skip


def anonymous_name() -> str:
    """Return the name an erased commenter gets, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Anonymous")


def removed_body() -> str:
    """Return the text that replaces an erased comment, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("This comment was removed at its author's request.")


def _anonymize(comments: list[Comment], *, keep_body: bool) -> None:
    """Clear the personal details of these comments in a few UPDATEs, however many they are."""
    name = anonymous_name()
    email = Concat(Value("erased-"), Cast("pk", CharField()), Value(f"@{PLACEHOLDER_DOMAIN}"))
    cleared = {"name": name, "email": email, "url": "", "ip_address": None, "user_agent": "",
               "user": None, "notify_replies": False}  # fmt: skip
    if not keep_body:  # every comment then reads the same, so its derived text is the same too
        placeholder = Comment(name=name, body=removed_body())
        comment_text_derive(placeholder)
        cleared |= {"body": placeholder.body, "body_html": placeholder.body_html,
                    "body_normalized": placeholder.body_normalized}  # fmt: skip
        # the author's earlier versions go with the text
        CommentRevision.objects.filter(comment__in=[c.pk for c in comments]).update(
            body=placeholder.body
        )
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(**cleared)
    _reasons_clear(comments)
    if keep_body:  # the search text holds the old name beside each comment's own body
        for comment in comments:
            comment.name = name
            comment_text_derive(comment, body_changed=False)
        Comment.objects.bulk_update(comments, ["body_normalized"], batch_size=1000)


def _reasons_clear(comments: list[Comment]) -> None:
    """Keep the moderation reasons' codes, not their details: one UPDATE per set of codes."""
    by_codes: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for comment in comments:
        if comment.moderation_reasons:
            codes = tuple(str(r.get("code", "")) for r in comment.moderation_reasons)
            by_codes[codes].append(comment.pk)
    for codes, ids in by_codes.items():
        reasons = [{"code": code, "detail": ""} for code in codes]
        Comment.objects.filter(pk__in=ids).update(moderation_reasons=reasons)


def _audit(comments: list[Comment], *, actor, reason: str, note: str) -> None:
    """Record the privacy request on each comment: its status stays, the trail says who and why."""
    event_record(
        changes=(StatusChange(comment_id=c.pk, to_status=c.status, from_status=c.status)
                 for c in comments),
        actor=actor, reason=reason, note=note, source=ModerationEvent.Source.PRIVACY,
    )  # fmt: skip


def _deletable(own: list[Comment]) -> set[int]:
    """Return the ids that can go without taking another reader's reply with them.

    One pass from the deepest replies up: a comment stays when a reply under it stays.
    """
    own_ids = {c.pk for c in own}
    roots = {c.thread_id or c.pk for c in own}
    tree = Comment.objects.filter(Q(thread_id__in=roots) | Q(pk__in=roots))
    staying: set[int] = set()
    for pk, parent_id, _depth in sorted(
        tree.values_list("pk", "parent_id", "depth"), key=itemgetter(2), reverse=True
    ):
        if parent_id is not None and (pk not in own_ids or pk in staying):
            staying.add(parent_id)
    return own_ids - staying


def _delete(comments: list[Comment], *, actor) -> None:
    """Delete comments; record each in the admin log, which outlives the comment's own events."""
    content_type = ContentType.objects.get_for_model(Comment)
    LogEntry.objects.bulk_create(
        LogEntry(
            user_id=actor.pk, content_type=content_type, object_id=str(c.pk),
            object_repr=f"#{c.pk}", action_flag=DELETION,
            change_message=gettext("Erased at the commenter's request (privacy)."),
        )
        for c in comments
    )  # fmt: skip
    deltas = Counter(c.article_id for c in comments if c.is_public)
    Comment.objects.filter(pk__in=[c.pk for c in comments]).delete()
    approved_counts_adjust({pk: -n for pk, n in deltas.items()})


def _traces_forget(own: list[Comment], *, email: str) -> int:
    """Delete the block entries made from these comments or naming this email, and the API's
    stored answers to them (name and text); return how many block entries went.

    Removed, not hashed: a keyed hash would still single the person out, and would hold the
    erased commenter to a block nobody can read any more; editors can block again on new abuse.
    """
    own_ids = {c.pk for c in own}
    ips = {c.ip_address for c in own if c.ip_address}
    same_ip = ModerationListEntry.objects.filter(kind=ModerationListEntry.Kind.IP, value__in=ips)
    made_from_own = [e.pk for e in same_ip.only("note") if e.made_from_comment_id in own_ids]
    naming = Q(kind=ModerationListEntry.Kind.EMAIL, value__iexact=normalize_email(email))
    removed, _ = ModerationListEntry.objects.filter(naming | Q(pk__in=made_from_own)).delete()
    if removed:
        transaction.on_commit(forget_cached_lists)
    IdempotencyKey.objects.filter(response__id__in=own_ids).delete()
    return removed


def personal_data_erase(
    *, email: str, actor: AbstractBaseUser, mode: str = ANONYMIZE, keep_body: bool = True
) -> int:
    """Anonymize or delete every comment of this email, audited; return how many were erased.

    In delete mode a comment that other readers replied to is anonymized with its text removed
    instead, so their replies stay.
    """
    if mode not in ERASE_MODES:
        raise ValueError(f"mode must be one of {ERASE_MODES}")
    with transaction.atomic():
        # Sanctions stay: erasing one's data must not lift an editor's suspension.
        EmailConfirmation.objects.filter(email=normalize_email(email)).delete()
        CommenterNote.objects.filter(email=normalize_email(email)).delete()
        own = list(comments_of(email).select_for_update())
        if not own:
            return 0
        entries = _traces_forget(own, email=email)  # first: anonymizing clears the IPs it reads
        deletable = _deletable(own) if mode == DELETE else set()
        kept = [c for c in own if c.pk not in deletable]
        _anonymize(kept, keep_body=keep_body and mode == ANONYMIZE)
        _audit(kept, actor=actor, reason=ERASE_REASON, note=mode)
        if deletable:
            _delete([c for c in own if c.pk in deletable], actor=actor)
        comment_block_invalidate(*{c.article_id for c in own})
        queue_invalidate()  # a held comment's name, or the comment itself, is gone from the desk
    logger.info(
        "Erased %d comments (%s) and %d block entries at a commenter's request, by %s",
        len(own), mode, entries, actor,
    )  # fmt: skip
    return len(own)


def client_data_purge(*, older_than_days: int) -> int:
    """Clear the IP address and user agent of comments older than N days, in one UPDATE."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    stale = Comment.objects.filter(created_at__lt=cutoff).exclude(
        ip_address__isnull=True, user_agent=""
    )
    return stale.update(ip_address=None, user_agent="")


def reasons_personal_data_purge(*, older_than_days: int) -> int:
    """Empty the email and IP that old comments' moderation reasons repeat; keep their codes.

    JSON arrays can't be searched portably, so the text narrows the rows and Python decides;
    rows already cleared are read again on each run but not written.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    as_text = Cast("moderation_reasons", TextField())
    naming = Q()
    for code in PERSONAL_REASON_CODES:
        naming |= Q(reasons_text__contains=f'"{code}"')
    rows = (
        Comment.objects.filter(created_at__lt=cutoff)
        .alias(reasons_text=as_text)
        .filter(naming)
        .only("pk", "moderation_reasons")
    )
    changed = []
    for comment in rows.iterator(chunk_size=2000):
        cleared = reasons_without_personal_data(comment.moderation_reasons)
        if cleared != comment.moderation_reasons:
            comment.moderation_reasons = cleared
            changed.append(comment)
    Comment.objects.bulk_update(changed, ["moderation_reasons"], batch_size=500)
    return len(changed)
