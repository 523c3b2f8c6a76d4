"""'Save my details': remembered only with the tick, and nothing kept in the browser without it."""

import uuid

import pytest

from comments.reader_cookies import AUTHOR_COOKIE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DETAILS = {"name": "Karim كريم", "url": "https://karim.example.org/"}
STORAGE_SIZE = "() => localStorage.length + sessionStorage.length"
OWN_STATE_READY = "html[data-own-state=ready]"  # static/js/own.js has asked and filled the form


def open_article(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(OWN_STATE_READY, state="attached")
    return page


def post_comment(page, *, email: str, remember: bool) -> None:
    page.fill("#id_name", DETAILS["name"])
    page.fill("#id_email", email)
    page.fill("#id_url", DETAILS["url"])
    page.fill("#id_body", f"تعليق {uuid.uuid4().hex[:6]}")
    page.set_checked("#id_remember", remember)
    with page.expect_navigation():
        page.click("#comment-form [type=submit]")


def author_cookies(context) -> list[dict]:
    return [cookie for cookie in context.cookies() if cookie["name"] == AUTHOR_COOKIE]


def test_ticked_save_my_details_fills_the_next_comment_form(new_context, demo):
    context = new_context()
    page = context.new_page()
    page.goto(demo["url"])
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    post_comment(page, email=email, remember=True)
    [cookie] = author_cookies(context)
    assert cookie["httpOnly"] and email not in cookie["value"]  # signed, not readable by scripts

    page = open_article(context, demo["url"])
    assert page.input_value("#id_name") == DETAILS["name"]
    assert page.input_value("#id_email") == email
    assert page.input_value("#id_url") == DETAILS["url"]
    assert page.input_value("#id_body") == ""


def test_without_the_tick_nothing_is_stored_in_the_browser(new_context, demo):
    context = new_context()
    page = context.new_page()
    page.goto(demo["url"])
    post_comment(page, email=f"{uuid.uuid4().hex[:8]}@example.com", remember=False)
    assert author_cookies(context) == []
    assert page.evaluate(STORAGE_SIZE) == 0
    stored = " ".join(cookie["value"] for cookie in context.cookies())
    assert "karim" not in stored.lower()

    page = open_article(context, demo["url"])
    assert page.input_value("#id_name") == "" and page.input_value("#id_email") == ""
    assert page.evaluate(STORAGE_SIZE) == 0


def test_unticking_forgets_details_saved_before(new_context, demo):
    context = new_context()
    page = context.new_page()
    page.goto(demo["url"])
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    post_comment(page, email=email, remember=True)
    assert author_cookies(context)
    page = open_article(context, demo["url"])
    assert page.input_value("#id_email") == email and page.is_checked("#id_remember")
    post_comment(page, email=email, remember=False)
    assert author_cookies(context) == []
    page = open_article(context, demo["url"])
    assert page.input_value("#id_name") == "" and page.input_value("#id_email") == ""
