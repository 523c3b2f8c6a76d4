"""Write numbers with the digits of the page's language (Arabic-Indic in Arabic)."""

from django.utils.translation import get_language

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
LANGUAGES_WITH_ARABIC_INDIC_DIGITS = frozenset({"ar"})


def localize_digits(value: object, language: str | None = None) -> str:
    """Return value as text, with Arabic-Indic digits when the language uses them."""
    language = (language or get_language() or "").split("-")[0]
    text = str(value)
    return text.translate(ARABIC_INDIC) if language in LANGUAGES_WITH_ARABIC_INDIC_DIGITS else text
