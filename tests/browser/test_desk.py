"""The moderation desk in Chromium: every key, the undo and its ten seconds, bulk and the count."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from comments.models import Comment, ModerationEvent
from comments.roles import MODERATE_PERMISSION
from tests.factories import make_article, make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PENDING = Comment.Status.PENDING


@pytest.fixture
def queue() -> list[Comment]:
    """Five waiting comments, listed newest first on the desk (so the list is reversed)."""
    article = make_article()
    now = timezone.now()
    made = [
        make_comment(article=article, body=f"تعليق-الطابور-{i}", status=PENDING,
                     created_at=now - timedelta(minutes=i))
        for i in range(5)
    ]  # fmt: skip
    return made  # made[0] is the newest: the first card


def make_moderator(username: str):
    # The Editors group comes from a data migration, which a transactional test's flush empties.
    return make_user(username=username, permissions=(MODERATE_PERMISSION,))


@pytest.fixture
def editor_page(new_context, live_server, queue):
    """An editor's page, logged in, its clock installed, before it opens the desk."""
    client = Client()
    client.force_login(make_moderator("desk-editor"))
    context = new_context()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])  # fmt: skip
    page = context.new_page()
    page.clock.install()  # the undo's ten seconds, run forward by the test instead of waited
    return page


@pytest.fixture
def desk(editor_page):
    editor_page.goto(reverse("admin:comments_comment_desk"))
    return editor_page


def card(page, comment):
    return page.locator(f"#card-{comment.pk}")


def status_of(comment) -> str:
    return Comment.objects.values_list("status", flat=True).get(pk=comment.pk)


def test_the_desk_is_right_to_left_in_arabic_and_shows_the_count(desk, queue):
    assert desk.get_attribute("html", "dir") == "rtl"
    expect(desk.locator(".nr-desk-link [data-nr-waiting]")).to_have_text("5 تعليقات في الانتظار")


def test_j_and_k_move_between_cards(desk, queue):
    expect(card(desk, queue[0])).to_have_class(r"nr-card nr-current")
    desk.keyboard.press("j")
    expect(card(desk, queue[1])).to_have_class("nr-card nr-current")
    desk.keyboard.press("j")
    desk.keyboard.press("k")
    expect(card(desk, queue[1])).to_have_class("nr-card nr-current")
    expect(card(desk, queue[0])).to_have_class("nr-card")


def test_a_r_and_s_decide_the_current_card_and_the_next_takes_its_place(desk, queue):
    desk.keyboard.press("a")
    expect(card(desk, queue[0])).to_be_hidden()
    assert status_of(queue[0]) == "approved"
    expect(card(desk, queue[1])).to_have_class("nr-card nr-current")
    card(desk, queue[1]).locator(".nr-reason").select_option("abuse")
    card(desk, queue[1]).focus()
    desk.keyboard.press("r")
    expect(card(desk, queue[1])).to_be_hidden()
    desk.keyboard.press("s")
    expect(card(desk, queue[2])).to_be_hidden()
    assert [status_of(c) for c in queue[:3]] == ["approved", "removed", "spam"]
    assert ModerationEvent.objects.get(comment=queue[1], source="admin").reason == "abuse"
    expect(desk.locator(".nr-desk-link [data-nr-waiting]")).to_have_text("تعليقان في الانتظار")


def test_u_undoes_the_last_decision_within_ten_seconds_only(desk, queue):
    desk.keyboard.press("a")
    expect(card(desk, queue[0])).to_be_hidden()
    desk.keyboard.press("u")
    expect(card(desk, queue[0])).to_be_visible()
    expect(desk.locator("#nr-desk-status")).to_have_text("أُلغي القرار.")
    assert status_of(queue[0]) == PENDING
    undo = ModerationEvent.objects.filter(comment=queue[0], source="admin").last()
    assert (undo.from_status, undo.to_status) == ("approved", PENDING)
    desk.keyboard.press("s")  # queue[0] is current again
    expect(card(desk, queue[0])).to_be_hidden()
    desk.clock.run_for(11_000)
    desk.keyboard.press("u")
    expect(desk.locator("#nr-desk-status .nr-undo")).to_have_count(0)
    assert status_of(queue[0]) == "spam"


def test_the_undo_button_does_what_u_does(desk, queue):
    card(desk, queue[0]).locator(".nr-remove").click()
    expect(card(desk, queue[0])).to_be_hidden()
    assert status_of(queue[0]) == "removed"
    desk.locator("#nr-desk-status .nr-undo").click()
    expect(card(desk, queue[0])).to_be_visible()
    assert status_of(queue[0]) == PENDING


def test_x_and_shift_click_select_and_one_key_decides_them_all(desk, queue):
    desk.keyboard.press("x")  # the first card
    card(desk, queue[2]).locator(".nr-select").click()
    card(desk, queue[4]).locator(".nr-select").click(modifiers=["Shift"])  # 2 to 4
    expect(desk.locator(".nr-card.nr-selected")).to_have_count(4)
    desk.locator("body").press("a")
    expect(desk.locator(".nr-card:visible")).to_have_count(1)
    assert [status_of(c) for c in queue] == [
        "approved",
        PENDING,
        "approved",
        "approved",
        "approved",
    ]
    desk.keyboard.press("u")
    expect(desk.locator(".nr-card:visible")).to_have_count(5)
    assert {status_of(c) for c in queue} == {PENDING}


def test_a_card_another_editor_decided_is_marked_with_their_name(desk, queue):
    from comments.services.decisions import comments_set_status

    other = make_moderator("salma")
    comments_set_status(ids=[queue[0].pk], to_status="removed", actor=other, source="admin")
    desk.keyboard.press("a")
    note = card(desk, queue[0]).locator(".nr-card-decided")
    expect(note).to_be_visible()
    expect(note).to_contain_text("salma")
    assert status_of(queue[0]) == "removed"


def test_a_card_decided_elsewhere_is_marked_when_the_count_changes(desk, queue):
    from comments.services.decisions import comments_set_status

    other = make_moderator("huda")
    comments_set_status(ids=[queue[1].pk], to_status="approved", actor=other, source="admin")
    desk.clock.run_for(16_000)  # the live count's next poll
    note = card(desk, queue[1]).locator(".nr-card-decided")
    expect(note).to_contain_text("huda")
    expect(desk.locator(".nr-desk-link [data-nr-waiting]")).to_have_text("4 تعليقات في الانتظار")


COUNTS_SHOWN = """
window.__nrCountsShown = [];
document.addEventListener("nr:waiting", (event) => window.__nrCountsShown.push(event.detail.label));
"""


def test_a_late_answer_to_an_older_count_never_overwrites_a_newer_one(editor_page, queue):
    """The first count is answered before another editor decides but arrives after the next poll."""
    from comments.services.decisions import comments_set_status

    count_url = reverse("admin:comments_comment_desk_count")
    held = []

    def hold_the_first_answer(route):
        if held:
            route.continue_()
        else:  # the server counts now, before the other editor decides
            held.append((route, route.fetch()))

    editor_page.add_init_script(COUNTS_SHOWN)
    editor_page.route(f"**{count_url}", hold_the_first_answer)
    editor_page.goto(reverse("admin:comments_comment_desk"))
    for _ in range(500):  # the handler runs while Playwright waits on the page
        if held:
            break
        editor_page.evaluate("() => 0")
    assert held, "the page never asked for the count"
    other = make_moderator("rania")
    comments_set_status(ids=[queue[1].pk], to_status="approved", actor=other, source="admin")
    try:  # a second request while the first is on its way is the race: answer it first
        with editor_page.expect_request(lambda r: count_url in r.url, timeout=3_000):
            editor_page.clock.run_for(16_000)
        editor_page.wait_for_function("() => window.__nrCountsShown.length === 1")
    except PlaywrightTimeoutError:
        pass  # the page waits for its first answer before asking again
    route, answer = held[0]
    route.fulfill(response=answer)
    # Two answers either way (the late one and the newer one): the last shown must be the newer.
    editor_page.wait_for_function("() => window.__nrCountsShown.length === 2")
    assert editor_page.evaluate("() => window.__nrCountsShown.at(-1)") == "4 تعليقات في الانتظار"
    expect(editor_page.locator(".nr-desk-link [data-nr-waiting]")).to_have_text(
        "4 تعليقات في الانتظار"
    )
    expect(card(editor_page, queue[1]).locator(".nr-card-decided")).to_contain_text("rania")
