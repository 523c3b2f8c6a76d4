"""axe-core (from the npm registry, see package.json) finds no serious or critical violation."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Section
from comments.models import Comment
from tests.browser.conftest import DESKTOP, PHONE, REPO_ROOT, missing_tool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""


@pytest.fixture
def axe_context(new_context, live_server):
    """Open a context that may inject axe: CSP would block the injected inline script."""
    if not AXE.exists():
        missing_tool(f"axe-core not installed at {AXE}: run `npm ci` (make test does)")

    def open_context(language: str, viewport: dict):
        context = new_context(bypass_csp=True, viewport=viewport, locale=language)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        return context

    return open_context


def _answered_comment(article) -> Comment:
    """A published comment of the article that has a published reply."""
    replies = Comment.objects.public().filter(article=article, parent__isnull=False)
    return replies.select_related("parent").first().parent


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("page_name", ["home", "article", "section", "replies"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_have_no_serious_accessibility_violations(
    axe_context, demo, language, page_name, viewport
):
    urls = {
        "home": reverse("articles:home"),
        "article": demo["url"],
        "section": Section.objects.first().get_absolute_url(),
        "replies": reverse("comments:replies", args=[_answered_comment(demo["article"]).pk]),
    }
    page = axe_context(language, viewport).new_page()
    page.goto(urls[page_name])
    assert page.get_attribute("html", "lang") == language
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], json.dumps(blocking, ensure_ascii=False, indent=1)


def test_form_errors_page_has_no_serious_accessibility_violations(
    axe_context, demo, browser_problems
):
    browser_problems.expect("status of 400")
    page = axe_context("ar", DESKTOP).new_page()
    page.goto(demo["url"])
    with page.expect_navigation():
        page.click("#comment-form [type=submit]")
    page.add_script_tag(path=str(AXE))
    blocking = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], json.dumps(blocking, ensure_ascii=False, indent=1)
