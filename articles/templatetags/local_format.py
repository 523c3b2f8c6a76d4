"""Dates and numbers written the way the page's language writes them."""

from django import template
from django.template.defaultfilters import date as format_date
from django.utils.translation import get_language

from articles.counts import comment_count_label
from newsroom.formats.digits import localize_digits

register = template.Library()
OG_LOCALES = {"ar": "ar_AR", "en": "en_US"}


@register.filter(expects_localtime=True)
def local_date(value, arg: str = "DATE_FORMAT") -> str:
    """Format a date in the page's language: "٢٩ نوفمبر ٢٠٢٦" in Arabic."""
    formatted = format_date(value, arg)
    return localize_digits(formatted) if formatted else ""


@register.filter
def local_digits(value) -> str:
    """Write a number with the page's digits."""
    return localize_digits(value)


@register.simple_tag
def og_locale() -> str:
    """Return the Open Graph locale of the page's language."""
    return OG_LOCALES.get((get_language() or "").split("-")[0], "ar_AR")


@register.filter
def comment_count(value: int) -> str:
    """Write an article's number of comments, pluralized: "تعليقان"."""
    return comment_count_label(value)
