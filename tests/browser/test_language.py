"""The language switch: Arabic right-to-left by default, English left-to-right on request."""

import pytest
from django.utils import timezone, translation

from articles.templatetags.local_format import local_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTION = "() => getComputedStyle(document.documentElement).direction"
BOOTSTRAP = "() => document.querySelector('link[href*=bootstrap]').getAttribute('href')"


def switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.click(f".nr-language button[value={code}]")


def test_switching_to_english_turns_the_page_left_to_right_and_back(reader, demo):
    assert reader.evaluate(DIRECTION) == "rtl"
    assert reader.evaluate(BOOTSTRAP).endswith("bootstrap.rtl.min.css")
    switch_language(reader, "en")
    assert reader.url.endswith(demo["url"]) or demo["article"].slug in reader.url
    assert reader.get_attribute("html", "lang") == "en"
    assert reader.get_attribute("html", "dir") == "ltr"
    assert reader.evaluate(DIRECTION) == "ltr"
    assert reader.evaluate(BOOTSTRAP).endswith("bootstrap.min.css")
    assert reader.locator("#respond-title").inner_text() == "Leave a comment"
    assert reader.locator("#comments-title").inner_text() == "4 comments"
    label = reader.locator("label[for=id_name]").bounding_box()
    field = reader.locator("#id_name").bounding_box()
    assert label["x"] + label["width"] <= field["x"] + 1  # left-to-right: label on the left

    reader.reload()
    assert reader.get_attribute("html", "lang") == "en"  # the choice is kept
    switch_language(reader, "ar")
    assert reader.get_attribute("html", "dir") == "rtl"
    assert reader.locator("#respond-title").inner_text() == "اترك تعليقاً"


def test_dates_and_counts_follow_the_page_language(reader, demo):
    published = timezone.localtime(demo["article"].published_at)
    with translation.override("ar"):
        arabic_date = local_date(published)
    with translation.override("en"):
        english_date = local_date(published)
    assert reader.locator(".nr-article time").inner_text() == arabic_date
    assert arabic_date[0] in "٠١٢٣٤٥٦٧٨٩"
    assert reader.locator("#comments-title").inner_text() == "٤ تعليقات"
    switch_language(reader, "en")
    assert reader.locator(".nr-article time").inner_text() == english_date
    assert reader.locator("#comments-title").inner_text() == "4 comments"
