"""The Jinja2 environment: Django's second template backend, for markup rendered per comment.

A page of threads repeats the same markup hundreds of times; Jinja2 compiles a template to
Python, so it costs what hand-written f-strings cost, where one Django include per comment
cost many times more (bench/page.py). Text is translated with Django's catalogues.
"""

import html
import re
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from django.template.defaultfilters import date as format_date
from django.utils import translation
from jinja2 import Environment, StrictUndefined
from jinja2.ext import Extension

from newsroom.formats.digits import localize_digits


class DropLineBreaks(Extension):
    """Drop each line break and the indentation after it, so templates can be laid out freely
    and a page of hundreds of comments carries no whitespace for each one."""

    LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return self.LINE_BREAK.sub("", source)


@lru_cache(maxsize=20_000)
def _shown_minute(local_minute: datetime, language: str) -> str:
    return localize_digits(format_date(local_minute, "DATETIME_FORMAT"), language)


def local_time(moment: datetime, zone: tzinfo, language: str) -> tuple[str, str]:
    """Return the moment in the zone as (ISO 8601, its minute as the language writes it).

    The minute's text is cached: Django's date formatter costs more per call than the rest of
    a comment's markup.
    """
    local = moment.astimezone(zone)
    return local.isoformat(), _shown_minute(local.replace(second=0, microsecond=0), language)


def environment(**options: Any) -> Environment:
    """Return the environment the "jinja2" backend renders with (settings.TEMPLATES)."""
    options["undefined"] = StrictUndefined  # a misspelt name fails the tests, not the page
    options.setdefault("extensions", []).extend(["jinja2.ext.i18n", DropLineBreaks])
    env = Environment(**options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=False)
    env.filters.update(local_digits=localize_digits, local_time=local_time)
    # The stdlib's escape gives a plain str: for markup built where autoescape is off for speed.
    env.filters["escape_text"] = html.escape
    return env
