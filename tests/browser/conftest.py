"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Never downloads a browser: without /usr/bin/chromium the tests skip, except under CI, where a
missing browser fails the run so CI can never pass by skipping them.
"""

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("NEWSROOM_TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
LIBRARY_SLUG = "افتتاح-مكتبة-عامة-جديدة-في-وسط-المدينة"

# Reports CSP violations to the test; injected by Playwright, so CSP does not apply to it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__nrCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def missing_tool(reason: str) -> None:
    """Skip for want of a tool, or fail when CI is set: CI must never pass by skipping."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (the CI variable is set, so this fails instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        missing_tool(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium (make test does, as"
            " root), or set NEWSROOM_CHROMIUM; see 'What the tests need' in the README"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django would then
    # refuse the ORM calls the tests make from it, although they are plain synchronous code.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class BrowserProblems:
    """Console errors, page errors and CSP violations seen by the test's browser contexts."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.expected: list[str] = []

    def expect(self, fragment: str) -> None:
        """Accept console errors containing fragment (e.g. the 400 of a refused form)."""
        self.expected.append(fragment)

    def add(self, kind: str, text: str) -> None:
        self.seen.append(f"{kind}: {text}")

    def unexpected(self) -> list[str]:
        return [p for p in self.seen if not any(f in p for f in self.expected)]

    def watch(self, context) -> None:
        context.expose_function("__nrCspViolation", lambda text: self.add("csp", text))
        context.add_init_script(CSP_LISTENER)
        context.on("page", self._watch_page)

    def _watch_page(self, page) -> None:
        page.on("pageerror", lambda error: self.add("pageerror", str(error)))
        page.on("console", self._console)

    def _console(self, message) -> None:
        url = message.location.get("url", "")
        # Chromium asks for /favicon.ico by itself on pages without an icon (the admin's).
        if message.type == "error" and not url.endswith("/favicon.ico"):
            self.add("console", f"{message.text} ({url})")


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def new_context(browser, live_server, browser_problems) -> Iterator[Callable]:
    """Open browser contexts on the live server: Arabic, desktop size, watched for errors."""
    contexts = []

    def open_context(**options):
        options.setdefault("locale", "ar")
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        if not options.get("bypass_csp"):
            browser_problems.watch(context)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    if problems := browser_problems.unexpected():
        pytest.fail("The browser reported errors:\n" + "\n".join(problems))


@pytest.fixture
def demo(transactional_db, settings) -> dict:
    """Load the demo content and let one reader post twice in a row."""
    from articles.models import Article
    from comments.models import ModerationSettings

    call_command("load_demo", stdout=io.StringIO())
    ModerationSettings.objects.update_or_create(pk=1, defaults={"flood_seconds": 0})
    library = Article.objects.get(slug=LIBRARY_SLUG)
    return {"article": library, "url": library.get_absolute_url()}


@pytest.fixture
def reader(new_context, demo):
    """An Arabic reader's page on the demo library article."""
    page = new_context().new_page()
    page.goto(demo["url"])
    return page


@pytest.fixture
def artifacts_dir() -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
