"""An open article page shows newly approved comments without a reload, and costs a quiet story 304s."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from articles.counts import comment_count_label
from comments.models import Comment
from comments.services.decisions import comments_set_status
from tests.factories import make_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE_PATH = "/comments/live/"
POLLS = "() => Number(document.getElementById('comments').dataset.livePolls || 0)"
# Lets a test hide and show the tab: Chromium's own document.hidden cannot be set from outside.
VISIBILITY_SWITCH = """
window.__nrHidden = false;
Object.defineProperty(document, "hidden", { get: () => window.__nrHidden });
window.__nrSetHidden = (hidden) => {
  window.__nrHidden = hidden;
  document.dispatchEvent(new Event("visibilitychange"));
};
"""


@pytest.fixture
def quick_polls(settings):
    settings.COMMENTS_LIVE_POLL_SECONDS = 1
    settings.COMMENTS_LIVE_HIDDEN_POLL_SECONDS = 600


def open_page(new_context, url: str, statuses: list[int]):
    page = new_context().new_page()
    page.on("response", lambda r: LIVE_PATH in r.url and statuses.append(r.status))
    page.goto(url)
    return page


def test_a_quiet_story_polls_are_all_304(new_context, demo, quick_polls):
    statuses: list[int] = []
    page = open_page(new_context, demo["url"], statuses)
    page.wait_for_function(f"() => ({POLLS})() >= 3", timeout=15_000)
    assert len(statuses) >= 3 and set(statuses) == {304}


def test_a_reply_approved_elsewhere_appears_in_its_thread_and_is_announced(
    new_context, demo, quick_polls
):
    root = Comment.objects.filter(article=demo["article"], parent=None, status="approved").first()
    statuses: list[int] = []
    page = open_page(new_context, demo["url"], statuses)
    page.wait_for_function(f"() => ({POLLS})() >= 1")
    reply = make_comment(
        article=demo["article"], parent=root, body="ردٌّ وصل للتو", status=Comment.Status.PENDING
    )
    comments_set_status(ids=[reply.pk], to_status="approved", actor=None, source="admin")
    arrived = page.locator(f"#comment-{root.pk} > ol.nr-replies > #comment-{reply.pk}")
    expect(arrived).to_be_visible(timeout=10_000)
    expect(arrived).to_contain_text("ردٌّ وصل للتو")
    expect(page.locator("#nr-live-status[aria-live=polite]")).to_have_text("تعليق جديد")
    demo["article"].refresh_from_db()
    with translation.override("ar"):
        heading = comment_count_label(demo["article"].approved_comment_count)
    expect(page.locator("#comments-title")).to_have_text(heading)
    assert 200 in statuses and statuses[0] == 304
    page.wait_for_function(f"() => ({POLLS})() >= {len(statuses) + 2}")
    assert statuses[-1] == 304  # quiet again after the change


def test_a_hidden_tab_waits_longer_and_asks_again_when_shown(new_context, demo, quick_polls):
    context = new_context()
    context.add_init_script(VISIBILITY_SWITCH)
    page = context.new_page()
    page.goto(demo["url"])
    page.wait_for_function(f"() => ({POLLS})() >= 2")
    page.evaluate("() => window.__nrSetHidden(true)")
    hidden_at = page.evaluate(POLLS)
    page.wait_for_timeout(3_000)  # three visible intervals: a hidden tab waits ten minutes
    assert page.evaluate(POLLS) <= hidden_at + 1  # at most the poll already under way
    before = page.evaluate(POLLS)
    page.evaluate("() => window.__nrSetHidden(false)")
    page.wait_for_function(f"() => ({POLLS})() > {before}", timeout=5_000)


def test_a_new_thread_appears_last_on_the_last_page(new_context, demo, quick_polls):
    page = open_page(new_context, demo["url"], [])
    page.wait_for_function(f"() => ({POLLS})() >= 1")
    thread = make_comment(article=demo["article"], body="رأي جديد", status=Comment.Status.PENDING)
    comments_set_status(ids=[thread.pk], to_status="approved", actor=None, source="admin")
    last = page.locator("ol.nr-comment-list > li.nr-comment").last
    expect(last).to_have_attribute("id", f"comment-{thread.pk}", timeout=10_000)
    expect(page.locator("#nr-live-status")).to_have_text("تعليق جديد")


def test_without_javascript_the_page_is_whole_and_never_polls(new_context, demo, quick_polls):
    statuses: list[int] = []
    page = new_context(java_script_enabled=False).new_page()
    page.on("response", lambda r: LIVE_PATH in r.url and statuses.append(r.status))
    page.goto(demo["url"])
    expect(page.locator("ol.nr-comment-list > li.nr-comment").first).to_be_visible()
    expect(page.locator("#nr-live-status")).to_have_text("")  # visually hidden, and empty
    page.wait_for_timeout(2_000)
    assert statuses == []


def test_a_new_thread_for_a_later_page_is_offered_by_a_link(new_context, demo, settings):
    settings.COMMENTS_LIVE_POLL_SECONDS = 1
    settings.COMMENTS_PER_PAGE = 1  # the demo article's first page is not its last
    page = open_page(new_context, demo["url"], [])
    page.wait_for_function(f"() => ({POLLS})() >= 1")
    shown = page.locator("ol.nr-comment-list > li.nr-comment").count()
    thread = make_comment(article=demo["article"], body="رأي لصفحة أخرى", status="pending")
    comments_set_status(ids=[thread.pk], to_status="approved", actor=None, source="admin")
    offer = page.locator(".nr-live-offer a")
    expect(offer).to_have_text("تعليق جديد – اعرضها", timeout=10_000)
    assert offer.get_attribute("href") == f"/comments/{thread.pk}/"
    assert page.locator(f"#comment-{thread.pk}").count() == 0
    assert page.locator("ol.nr-comment-list > li.nr-comment").count() == shown
    expect(page.locator("#nr-live-status")).to_have_text("تعليق جديد")
    with page.expect_navigation():
        offer.click()
    expect(page.locator(f"#comment-{thread.pk}")).to_be_visible()
