"""How a story's number of published comments reads, in the page's language and digits."""

from django.utils.translation import ngettext

from newsroom.formats.digits import localize_digits


def comment_count_label(count: int) -> str:
    """Return "٥ تعليقات" / "5 comments": the plural form the language needs for this count."""
    label = ngettext("%(count)s comment", "%(count)s comments", count)
    return label % {"count": localize_digits(count)}
