from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def comment_count_label(count: int) -> str:
    """Return "N comments" with the language's plural form (Arabic has six)."""
    return ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count}
