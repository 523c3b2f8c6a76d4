import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from articles.models import Article
from comments.render import render_comment_nodes
from comments.selectors import answerable_comments
from newsroom.formats.digits import localize_digits

register = template.Library()
PK = re.compile(r"[0-9]{1,18}")  # ASCII digits that fit a bigint, nothing else


@register.simple_tag
def comment_count_label(count: int) -> str:
    """Return "N comments" with the language's plural form (Arabic has six) and digits."""
    label = ngettext("%(count)s comment", "%(count)s comments", count)
    return label % {"count": localize_digits(count)}


@register.simple_tag
def comment_threads(nodes: list, reply_page: str = "") -> str:
    """Render a page of comment threads (see comments.render for why this is not a template)."""
    return mark_safe(
        render_comment_nodes(nodes, reply_page=reply_page)
    )  # reader text escaped there, bodies sanitized


@register.simple_tag
def reply_target_name(article: Article, parent_id: object) -> str:
    """Return the name of the published comment the form answers, or "" (one query at most)."""
    if not PK.fullmatch(str(parent_id or "")):
        return ""
    found = answerable_comments(article).filter(pk=int(str(parent_id)))
    return found.values_list("name", flat=True).first() or ""
