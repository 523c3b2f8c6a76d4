from django import template

from pages.page_cache import render_comment_form

register = template.Library()


@register.simple_tag
def comment_form_fields(form) -> str:
    """Render the comment form's fields with crispy (fast for a fresh, empty form)."""
    return render_comment_form(form)
