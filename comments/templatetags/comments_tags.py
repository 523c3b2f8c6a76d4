import re

from django import template

from articles.models import Article
from comments.block import comment_count_label, thread_items_html
from comments.selectors import answerable_comments

register = template.Library()
PK = re.compile(r"[0-9]{1,18}")  # ASCII digits that fit a bigint, nothing else


register.simple_tag(comment_count_label)


@register.simple_tag
def comment_threads(nodes: list, reply_page: str = "") -> str:
    """Render threads outside the article's block (the replies page) with the block's markup."""
    return thread_items_html(nodes, reply_page=reply_page)


@register.simple_tag
def reply_target_name(article: Article, parent_id: object) -> str:
    """Return the name of the published comment the form answers, or "" (one query at most)."""
    if not PK.fullmatch(str(parent_id or "")):
        return ""
    found = answerable_comments(article).filter(pk=int(str(parent_id)))
    return found.values_list("name", flat=True).first() or ""
