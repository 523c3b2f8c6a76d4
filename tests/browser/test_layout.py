"""Right-to-left layout, phone width, back-to-top, and screenshots for a reviewer."""

import pytest
from django.urls import reverse

from articles.models import Section
from comments.models import Comment
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM_FIELDS = ["name", "email", "url", "body"]
# Where each piece of a text node is drawn: [left, right] of the first occurrence of `part`.
TEXT_BOX = """([selector, part]) => {
  const element = document.querySelector(selector);
  const node = [...element.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
  const range = document.createRange();
  const start = node.data.indexOf(part);
  range.setStart(node, start);
  range.setEnd(node, start + part.length);
  const box = range.getBoundingClientRect();
  return [box.left, box.right];
}"""
NO_HORIZONTAL_OVERFLOW = (
    "document.documentElement.scrollWidth === document.documentElement.clientWidth"
)


def test_document_direction_is_right_to_left(reader):
    assert reader.get_attribute("html", "dir") == "rtl"
    assert reader.get_attribute("html", "lang") == "ar"
    assert reader.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert reader.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert reader.evaluate("getComputedStyle(document.querySelector('main')).textAlign") in {
        "start",
        "right",
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_form_labels_sit_to_the_right_of_their_fields(new_context, demo, viewport):
    page = new_context(viewport=viewport).new_page()
    page.goto(demo["url"])
    for field in FORM_FIELDS:
        label = page.locator(f"label[for=id_{field}]").bounding_box()
        control = page.locator(f"#id_{field}").bounding_box()
        label_right, control_right = label["x"] + label["width"], control["x"] + control["width"]
        if viewport is DESKTOP:  # side by side: the label wholly on the right
            assert label["x"] >= control_right - 1, field
        else:  # stacked: the label starts at the field's right edge
            text_right = page.evaluate(TEXT_BOX, [f"label[for=id_{field}]", "ا"])[1]
            assert label_right >= control_right - 1 and text_right > control_right - 40, field


def test_latin_and_arabic_name_keeps_its_order_in_bdi(reader):
    comment = Comment.objects.get(source="demo:lib-2")  # "Mona K. منى"
    selector = f"#comment-{comment.pk} > article .nr-comment-author bdi"
    assert reader.locator(selector).inner_text() == comment.name
    latin_left = reader.evaluate(TEXT_BOX, [selector, "Mona"])[0]
    arabic_left = reader.evaluate(TEXT_BOX, [selector, "منى"])[0]
    assert latin_left < arabic_left  # isolated, the name reads as typed: Latin first, on the left


@pytest.mark.parametrize("page_name", ["home", "article", "section"])
def test_nothing_overflows_horizontally_on_a_360px_phone(new_context, demo, page_name):
    urls = {
        "home": reverse("articles:home"),
        "article": demo["url"],
        "section": Section.objects.first().get_absolute_url(),
    }
    page = new_context(viewport=PHONE).new_page()
    page.goto(urls[page_name])
    assert page.evaluate("document.documentElement.clientWidth") == PHONE["width"]
    assert page.evaluate(NO_HORIZONTAL_OVERFLOW), page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def test_back_to_top_appears_after_scrolling_and_brings_the_page_to_the_top(new_context, demo):
    page = new_context(viewport=PHONE).new_page()
    page.goto(demo["url"])
    button = page.locator("#back-to-top")
    assert not button.is_visible()
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => window.scrollY > 1000")
    page.wait_for_function(
        "() => getComputedStyle(document.getElementById('back-to-top')).opacity === '1'"
    )
    assert button.is_visible()
    assert button.inner_text().strip() != "" and "زر الذهاب إلى الأعلى" in button.text_content()
    button.click()
    page.wait_for_function("() => window.scrollY === 0")


def test_back_to_top_link_works_without_javascript(new_context, demo):
    context = new_context(viewport=PHONE, java_script_enabled=False, reduced_motion="reduce")
    page = context.new_page()
    page.goto(demo["url"])
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 1000
    assert page.locator("#back-to-top").is_visible()
    page.locator("#back-to-top").click()
    page.wait_for_url("**#top")  # page scripts are off, so poll from here rather than in the page
    for _ in range(50):
        if page.evaluate("window.scrollY") == 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.scrollY") == 0


@pytest.mark.parametrize("name,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_article_screenshot_is_saved_for_review(
    new_context, demo, artifacts_dir, capsys, name, viewport
):
    page = new_context(viewport=viewport).new_page()
    page.goto(demo["url"])
    path = artifacts_dir / f"article-{name}-ar.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
