"""Readers' "useful" reactions: the one writer of CommentReaction rows and Comment.useful_count.

A reaction row per reader and comment (a unique constraint), and the count moved by the same
transaction with an F() update only when a row came or went: concurrent presses can neither
count a reader twice nor lose one. A change bumps the article's cached block and purges its
shared copies after commit (newsroom.versions), as the count shows on them.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from comments.models import Comment, CommentReaction
from newsroom.versions import comment_block_invalidate


@dataclass(frozen=True)
class ReactionState:
    """What a reader's press leaves: whether they find the comment useful, and how many do."""

    pressed: bool
    useful_count: int


def _count_change(comment: Comment, step: int) -> None:
    Comment.objects.filter(pk=comment.pk).update(useful_count=F("useful_count") + step)
    comment_block_invalidate(comment.article_id)


def _state(comment: Comment, *, pressed: bool) -> ReactionState:
    count = Comment.objects.filter(pk=comment.pk).values_list("useful_count", flat=True).get()
    return ReactionState(pressed=pressed, useful_count=count)


def reaction_add(*, comment: Comment, reader_key: str) -> ReactionState:
    """Count this reader as finding the comment useful, once however often they ask."""
    with transaction.atomic():
        _reaction, created = CommentReaction.objects.get_or_create(
            comment_id=comment.pk, reader_key=reader_key
        )
        if created:
            _count_change(comment, +1)
        return _state(comment, pressed=True)


def reaction_remove(*, comment: Comment, reader_key: str) -> ReactionState:
    """Take back this reader's "useful", if they gave one."""
    with transaction.atomic():
        if _removed(comment, reader_key):
            _count_change(comment, -1)
        return _state(comment, pressed=False)


def reaction_toggle(*, comment: Comment, reader_key: str) -> ReactionState:
    """Press "useful": the first press counts the reader, the second takes it back."""
    with transaction.atomic():
        if _removed(comment, reader_key):
            _count_change(comment, -1)
            return _state(comment, pressed=False)
        return reaction_add(comment=comment, reader_key=reader_key)


def _removed(comment: Comment, reader_key: str) -> bool:
    deleted, _by_model = CommentReaction.objects.filter(
        comment_id=comment.pk, reader_key=reader_key
    ).delete()
    return deleted > 0
