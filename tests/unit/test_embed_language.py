"""The frame speaks the host page's language when the site has it, else the site's own."""

import pytest

from pages.embed.views import frame_language


@pytest.mark.parametrize(
    ("host", "frame"),
    [("ar", "ar"), ("ar-EG", "ar"), ("AR_sa", "ar"), ("en-US", "en"), ("en", "en"),
     ("fr-FR", "ar"), ("", "ar"), ("  en  ", "en"), ("zz-en", "ar")],
)  # fmt: skip
def test_the_host_language_or_the_site_default(host, frame):
    assert frame_language(host) == frame
