"""The embed in Chromium: a host page on another origin (its own little server) shows Newsroom's
frame, with third-party cookies blocked, and a host that is not allowed gets nothing."""

import io
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment, ModerationSettings
from pages.embed.reader_cookies import OWN_COOKIE
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP
from tests.integration.test_embed_import import post_item
from tests.integration.test_import_wxr import wxr_comment, wxr_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY_PATH = "/2026/11/story/"
FRAME = "iframe.newsroom-comments-frame"
# Chromium's own switch for what Safari and Firefox's strict mode do: no third-party cookies.
BLOCK_THIRD_PARTY_COOKIES = "--test-third-party-cookie-phaseout"
AWAITING = "تعليقك في انتظار المراجعة"


class HostSite:
    """A site on another origin than Newsroom's: static pages, and the requests it was sent."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.requests: list[dict] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append({"path": self.path, "cookie": self.headers.get("Cookie")})
                body = site.pages.get(urlsplit(self.path).path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write((body or "").encode())

            def log_message(self, *args) -> None:
                pass

        # 127.0.0.1, while the live server is "localhost": another site, not only another origin
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host() -> Iterator[HostSite]:
    site = HostSite()
    yield site
    site.close()


@pytest.fixture
def other_host() -> Iterator[HostSite]:
    site = HostSite()
    yield site
    site.close()


def host_page(newsroom: str, url: str, *, lang: str = "ar", extra: str = "") -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    return f"""<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">
<title>Story</title></head><body><h1>Story</h1><p>The article's text.</p>
<div data-newsroom-comments data-url="{url}" data-title="قصة الموقع"></div>
{extra}<script src="{newsroom}/embed.js" async></script></body></html>"""


@pytest.fixture
def blocking_browser(browser) -> Iterator:
    """Chromium with third-party cookies blocked (browser is the session's, without the switch)."""
    chromium = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, BLOCK_THIRD_PARTY_COOKIES]
    )
    yield chromium
    chromium.close()


@pytest.fixture
def open_context(blocking_browser, browser_problems, live_server) -> Iterator:
    contexts = []

    def open_one():
        context = blocking_browser.new_context(locale="ar", viewport=DESKTOP)
        context.set_default_timeout(10_000)
        browser_problems.watch(context)
        contexts.append(context)
        return context

    yield open_one
    for context in contexts:
        context.close()
    if problems := browser_problems.unexpected():
        pytest.fail("The browser reported errors:\n" + "\n".join(problems))


@pytest.fixture
def allowed(settings, host) -> None:
    settings.EMBED_ALLOWED_ORIGINS = [host.origin]
    ModerationSettings.objects.update_or_create(pk=1, defaults={"flood_seconds": 0})


@pytest.fixture
def imported_story(host, allowed, tmp_path) -> str:
    """Import a WordPress post of the host's story with a comment and a reply; return its address."""
    url = host.origin + STORY_PATH
    comments = wxr_comment(1, body="تعليق مستورد من ووردبريس", author="ليلى") + wxr_comment(
        2, parent=1, body="رد مستورد", author="سامي"
    )
    path = tmp_path / "export.xml"
    path.write_text(wxr_document(post_item(10, url, comments)), encoding="utf-8")
    call_command("import_wxr", str(path), stdout=io.StringIO())
    return url


def open_story(context, host: HostSite, live_server, url: str, **options):
    host.pages[STORY_PATH] = host_page(live_server.url, url, **options)
    page = context.new_page()
    page.goto(host.origin + STORY_PATH)
    expect(page.locator(FRAME)).to_be_visible()  # shown once the frame has said hello back
    return page


def eventually(page, condition, seconds: float = 10) -> None:
    """Wait for a condition the page reaches by itself (the frame's messages are asynchronous).

    The page's own wait lets Playwright deliver its events meanwhile; time.sleep would not.
    """
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the page never got there"
        page.wait_for_timeout(50)


def frame_height(page) -> float:
    return page.locator(FRAME).evaluate("frame => frame.getBoundingClientRect().height")


def content_height(page) -> float:
    return (
        page.frame_locator(FRAME)
        .locator("html")
        .evaluate("html => html.getBoundingClientRect().height")
    )


def test_the_embed_shows_the_imported_thread_in_the_host_language_and_fits_it(
    open_context, host, live_server, imported_story
):
    page = open_story(open_context(), host, live_server, imported_story)
    frame = page.frame_locator(FRAME)
    expect(frame.locator(".nr-comment-body").first).to_have_text("تعليق مستورد من ووردبريس")
    expect(frame.locator(".nr-replies .nr-comment-body")).to_have_text("رد مستورد")
    expect(frame.locator("html")).to_have_attribute("dir", "rtl")
    expect(frame.locator("#respond h2")).to_have_text("اترك تعليقاً")
    expect(page.locator(FRAME)).to_have_attribute("title", "التعليقات على Post 10")
    # the frame is as tall as its content, and follows it when it grows
    eventually(page, lambda: abs(frame_height(page) - content_height(page)) < 2)
    before = frame_height(page)
    frame.locator(".nr-report summary").first.click()
    eventually(page, lambda: frame_height(page) > before + 10)
    eventually(page, lambda: abs(frame_height(page) - content_height(page)) < 2)
    article = Article.objects.get()
    assert article.canonical_url == imported_story and Article.objects.count() == 1


def test_an_english_host_gets_a_left_to_right_frame(open_context, host, live_server, allowed):
    url = host.origin + STORY_PATH
    page = open_story(open_context(), host, live_server, url, lang="en")
    frame = page.frame_locator(FRAME)
    expect(frame.locator("html")).to_have_attribute("dir", "ltr")
    expect(frame.locator("#respond h2")).to_have_text("Leave a comment")
    assert Article.objects.get().kind == Article.Kind.EXTERNAL


def post_in_frame(frame, *, body: str, remember: bool) -> None:
    frame.locator("#id_name").fill("قارئة")
    frame.locator("#id_email").fill("reader-embed@example.com")
    frame.locator("#id_body").fill(body)
    frame.locator("#id_remember").set_checked(remember)
    frame.locator("#comment-form [type=submit]").click()


def frame_requests(page, live_server) -> list:
    seen = []
    page.on("request", lambda r: seen.append(r) if r.url.startswith(live_server.url) else None)
    return seen


def test_a_reader_posts_and_sees_their_comment_awaiting_with_third_party_cookies_blocked(
    open_context, host, live_server, imported_story
):
    context = open_context()
    page = open_story(context, host, live_server, imported_story)
    frame = page.frame_locator(FRAME)
    # Blocking is in effect: a plain cookie the frame sets is dropped, and never sent back.
    frame.locator("html").evaluate(
        "() => { document.cookie = 'probe=1; SameSite=None; Secure; path=/'; }"
    )
    assert "probe" not in frame.locator("html").evaluate("() => document.cookie")
    requests = frame_requests(page, live_server)
    body = f"تعليقي من داخل الإطار {uuid.uuid4().hex[:6]}"
    post_in_frame(frame, body=body, remember=True)
    mine = frame.locator(".nr-comment-pending")
    expect(mine.locator(".nr-awaiting")).to_contain_text(AWAITING)
    expect(mine.locator(".nr-comment-body")).to_have_text(body)
    comment = Comment.objects.get(body=body)
    assert (
        comment.status == Comment.Status.PENDING and comment.article.canonical_url == imported_story
    )

    # Another visit of the page: the frame still knows its reader (its partitioned cookies).
    page.reload()
    expect(page.locator(FRAME)).to_be_visible()
    expect(frame.locator(".nr-comment-pending .nr-comment-body")).to_have_text(body)
    expect(frame.locator("#id_name")).to_have_value("قارئة")
    expect(frame.locator("#id_email")).to_have_value("reader-embed@example.com")
    documents = [r for r in requests if r.resource_type == "document"]
    sent = [r.all_headers().get("cookie") or "" for r in documents]
    assert any(f"{OWN_COOKIE}=" in cookie for cookie in sent)
    assert not any("probe=" in cookie for cookie in sent)
    # No cookie for the host site, and nothing asked of any origin but Newsroom's and the host's.
    assert all(request["cookie"] is None for request in host.requests)
    assert not [c for c in context.cookies() if c["domain"] == "127.0.0.1"]

    stranger = open_story(open_context(), host, live_server, imported_story)
    strange_frame = stranger.frame_locator(FRAME)
    expect(strange_frame.locator(".nr-comment-body").first).to_be_visible()
    expect(strange_frame.locator(".nr-comment-pending")).to_have_count(0)


def test_the_page_loads_nothing_but_newsroom_and_the_host(
    open_context, host, live_server, imported_story
):
    context = open_context()
    origins = set()
    context.on("request", lambda request: origins.add(_origin(request.url)))
    open_story(context, host, live_server, imported_story)
    assert origins == {host.origin, live_server.url}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_a_host_that_is_not_allowed_gets_no_frame_and_creates_no_article(
    open_context, host, other_host, live_server, allowed, browser_problems
):
    browser_problems.expect("frame-ancestors")  # Chromium says it refused the frame
    browser_problems.expect("status of 403")
    browser_problems.expect("postMessage")  # the host's hello finds no Newsroom page there
    answers = []
    context = open_context()
    context.on("response", lambda r: answers.append(r.status) if "/embed/" in r.url else None)
    for url in (other_host.origin + STORY_PATH, host.origin + STORY_PATH):  # its own, an allowed
        other_host.pages[STORY_PATH] = host_page(live_server.url, url)
        page = context.new_page()
        page.goto(other_host.origin + STORY_PATH)
        eventually(page, lambda: len(answers) > 0)
        expect(page.locator(FRAME)).to_be_hidden()
        page.close()
    assert answers and set(answers) == {403}
    assert not Article.objects.exists()


SPOOFER = """<!doctype html><html><body><script>
var answers = 0, sent = 0;
window.addEventListener("message", function () { answers += 1; });
setInterval(function () {
  for (var i = 0; i < parent.frames.length; i++) {
    if (parent.frames[i] !== window) parent.frames[i].postMessage({type: "newsroom:hello"}, "*");
  }
  parent.postMessage({type: "newsroom:size", height: 4321}, "*");
  sent += 1;
  document.title = sent + ":" + answers;
}, 50);
</script></body></html>"""


def test_messages_from_other_windows_are_ignored_on_both_sides(
    open_context, host, other_host, live_server, allowed
):
    """A frame of another origin in the host page can neither size Newsroom's frame nor get
    an answer from it; nor can the host page's own window impersonate Newsroom's frame."""
    other_host.pages["/spoofer/"] = SPOOFER
    spoofer = f'<iframe id="spoofer" src="{other_host.origin}/spoofer/"></iframe>'
    url = host.origin + STORY_PATH
    page = open_story(open_context(), host, live_server, url, extra=spoofer)
    frame_spoofer = page.frame_locator("#spoofer")
    expect(frame_spoofer.locator("html")).to_have_count(1)
    spoof = page.frame(url=f"{other_host.origin}/spoofer/")
    eventually(page, lambda: int(spoof.title().partition(":")[0] or 0) > 20)
    assert spoof.evaluate("answers") == 0  # the frame answered no hello of theirs
    assert frame_height(page) != 4321
    # The host's own window posting as if it were the frame changes nothing either.
    page.evaluate("window.postMessage({type: 'newsroom:size', height: 4321}, '*')")
    page.wait_for_function("() => true")
    assert frame_height(page) != 4321
    eventually(page, lambda: abs(frame_height(page) - content_height(page)) < 2)


def test_count_elements_on_a_list_page_are_filled_in_one_request(
    open_context, host, live_server, imported_story
):
    host.pages["/list/"] = f"""<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>List</title></head><body><ul>
<li><a href="{imported_story}">Story</a> <span id="story" data-newsroom-count data-url="{imported_story}">…</span></li>
<li><a href="/2026/11/other/">Other</a> <span id="other" data-newsroom-count data-url="/2026/11/other/">…</span></li>
<li><span id="again" data-newsroom-count data-url="{STORY_PATH}?utm_source=list">…</span></li>
</ul><script src="{live_server.url}/embed.js" async></script></body></html>"""
    context = open_context()
    asked = []
    context.on("request", lambda r: asked.append(r.url) if "/comment-counts/" in r.url else None)
    page = context.new_page()
    page.goto(host.origin + "/list/")
    expect(page.locator("#story")).to_have_text("تعليقان")  # the imported comment and reply
    expect(page.locator("#again")).to_have_text("تعليقان")
    expect(page.locator("#other")).to_have_text("لا توجد تعليقات")
    expect(page.locator("#story")).to_have_attribute("data-count", "2")
    assert len(asked) == 1
    assert not Article.objects.filter(canonical_url=host.origin + "/2026/11/other/").exists()
