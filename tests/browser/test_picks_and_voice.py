"""The editors' picks and the newsroom's badge in a real browser: seen, and accessible."""

import json

import pytest
from django.conf import settings

from comments.models import Comment
from comments.services.picks import comment_pick_set
from tests.browser.conftest import DESKTOP, PHONE, missing_tool
from tests.browser.test_accessibility import AXE, BLOCKING_IMPACTS, RUN_AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def picked_page(demo) -> str:
    """The demo article with one newsroom comment, picked with a reader's."""
    article = demo["article"]
    reader, newsroom = Comment.objects.public().filter(article=article, parent=None)[:2]
    Comment.objects.filter(pk=newsroom.pk).update(is_staff_voice=True, name="فريق التحرير")
    for comment in (reader, newsroom):
        comment_pick_set(comment=comment, picked=True, actor=None, source="admin")
    return demo["url"]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_picks_and_the_badge_show_with_no_serious_accessibility_violation(
    new_context, live_server, picked_page, language, viewport
):
    if not AXE.exists():
        missing_tool(f"axe-core not installed at {AXE}: run `npm ci` (make test does)")
    context = new_context(bypass_csp=True, viewport=viewport, locale=language)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(picked_page)
    picks = page.locator(".nr-picks .nr-pick")
    assert picks.count() == 2 and picks.first.is_visible()
    badge = {"ar": "من فريق التحرير", "en": "From the newsroom"}[language]
    assert page.locator(".nr-picks .nr-staff-badge").inner_text() == badge
    page.add_script_tag(path=str(AXE))
    blocking = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], json.dumps(blocking, ensure_ascii=False, indent=1)
