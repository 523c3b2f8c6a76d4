"""Every XSS vector of the corpora, approved, in real Chromium: nothing runs, nothing is blocked.

The page, the comments feed, the editors' changelist and their desk are opened with alert, confirm, prompt,
print and fetch instrumented; the reader's content must call none of them, log no console error
and trigger no Content-Security-Policy violation (the policy would block a script that got in,
so a violation would mean one did).
"""

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.security.conftest import make_user
from tests.security.hostile import build_hostile_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRAPS = """
window.__nrCalls = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__nrCalls.push(`${name}(${String(args[0]).slice(0, 60)})`); };
}
const nrFetch = window.fetch;
// What the site's own scripts ask for: stories' counts (comment-counts.js), new comments
// (live-comments.js), the reader's presses (reactions.js) and own held comments (own.js).
const nrOwnRequests = [/^[/]api[/]v1[/]comment-counts[/][?]/, /^[/]articles[/][0-9]+[/]comments[/]live[/][?]/,
  /^[/]comments[/]reactions[/]mine[/][?]/, /^[/]comments[/]own[/][?]/];
window.fetch = (...args) => {
  const url = String(args[0]);
  if (!nrOwnRequests.some((own) => own.test(url))) window.__nrCalls.push(`fetch(${url.slice(0, 80)})`);
  return nrFetch(...args);
};
"""
LIVE_HANDLERS = """() => [...document.querySelectorAll("#comments *, #result_list *, .nr-cards *")]
  .filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith("on")))
  .map((el) => el.outerHTML.slice(0, 80))"""
EXECUTABLE = "#comments :is(script, iframe, object, embed, svg, math, base, meta, style)"


@pytest.fixture
def hostile(transactional_db, settings):
    result = build_hostile_article(paths=("form",))
    settings.COMMENTS_PER_PAGE = result.approved.count() + 10
    return result


def trapped_page(new_context, dialogs: list, **options):
    context = new_context(**options)
    context.add_init_script(TRAPS)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return page


PROVOKE = """(selector) => {
  const events = ["mouseover", "mouseenter", "mousemove", "pointerover", "focus", "focusin",
                  "blur", "toggle", "animationstart", "transitionend", "load", "error"];
  const targets = document.querySelectorAll(selector);
  for (const el of targets) for (const type of events) el.dispatchEvent(new Event(type));
  return targets.length;
}"""


def provoke(page, selector: str) -> None:
    """Scroll through the page and fire, on everything readers wrote, the events handlers wait for."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.mouse.move(200, 300)
    assert page.evaluate(PROVOKE, selector) > 0
    page.wait_for_timeout(300)


def check_article_page(new_context, hostile) -> None:
    dialogs: list[str] = []
    page = trapped_page(new_context, dialogs)
    page.goto(hostile.article.get_absolute_url())
    assert page.locator("#comments li.nr-comment").count() == hostile.approved.count()
    provoke(page, "#comments .nr-comment-body *, #comments .nr-comment-author *")
    assert page.evaluate("window.__nrCalls") == [] and dialogs == []
    assert page.evaluate(LIVE_HANDLERS) == []
    assert page.locator(EXECUTABLE).count() == 0


def check_comments_feed(new_context, hostile) -> None:
    dialogs: list[str] = []
    page = trapped_page(new_context, dialogs)
    feed = reverse("comments:feed", args=[hostile.article.slug])
    try:
        response = page.goto(feed)
    except Exception as error:  # Chromium may download a feed instead of showing it
        assert "Download is starting" in str(error)
        return
    assert response.status == 200
    assert page.evaluate("window.__nrCalls || []") == [] and dialogs == []


def admin_calls(page) -> list[str]:
    """The trapped calls, less the admin's own: the live count and the desk's changed cards."""
    own = (reverse("admin:comments_comment_desk_count"),
           reverse("admin:comments_comment_desk_changes"))  # fmt: skip
    calls = page.evaluate("window.__nrCalls")
    return [c for c in calls if not any(c.startswith(f"fetch({url}") for url in own)]


def editor_page(new_context, live_server, dialogs: list, username: str):
    editor = make_user(username, staff=True, groups=["Editors"])
    client = Client()
    client.force_login(editor)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page = trapped_page(new_context, dialogs)
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session,
                               "url": live_server.url}])  # fmt: skip
    return page


def check_admin_desk(new_context, hostile, live_server) -> None:
    dialogs: list[str] = []
    page = editor_page(new_context, live_server, dialogs, "xss-browser-desk-editor")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("comments.admin.desk.cards.PAGE_SIZE", hostile.approved.count() + 10)
        desk = reverse("admin:comments_comment_desk")
        page.goto(f"{desk}?article={hostile.article.pk}&status=approved")
        assert page.locator(".nr-card").count() == hostile.approved.count()
        provoke(page, ".nr-card-body *, .nr-card-name *")
    assert admin_calls(page) == [] and dialogs == []
    assert page.evaluate(LIVE_HANDLERS) == []


def check_admin_changelist(new_context, hostile, live_server) -> None:
    dialogs: list[str] = []
    page = editor_page(new_context, live_server, dialogs, "xss-browser-editor")
    model_admin = admin.site._registry[Comment]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model_admin, "list_per_page", hostile.approved.count() + 10)
        changelist = reverse("admin:comments_comment_changelist")
        page.goto(f"{changelist}?article__id__exact={hostile.article.pk}&status=approved")
        assert page.locator("#result_list tbody tr").count() == hostile.approved.count()
        provoke(page, "#result_list tbody td *")
    assert admin_calls(page) == [] and dialogs == []
    assert page.evaluate(LIVE_HANDLERS) == []


def test_no_reader_script_runs_on_the_page_the_feed_the_changelist_or_the_desk(
    new_context, hostile, live_server
):
    """One test, three surfaces: posting every vector takes long, so it is done once."""
    check_article_page(new_context, hostile)
    check_comments_feed(new_context, hostile)
    check_admin_changelist(new_context, hostile, live_server)
    check_admin_desk(new_context, hostile, live_server)
