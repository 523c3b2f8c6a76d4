"""The admin header's count of waiting comments, rendered by the server (the script refreshes it)."""

from django import template

from comments.admin.desk.cards import waiting_count, waiting_label

register = template.Library()


@register.simple_tag
def waiting_comments_label() -> str:
    """Say how many comments wait, from the count cached under the queue's version."""
    return waiting_label(*waiting_count())
