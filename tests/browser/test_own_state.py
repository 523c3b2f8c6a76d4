"""The reader's own state on the shared page: filled in by the page's script from the private endpoint."""

import uuid

import pytest

from comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AWAITING = "تعليقك في انتظار المراجعة"
OWN_STATE_READY = "html[data-own-state=ready]"


def post(page, body: str, *, remember: bool = False) -> None:
    page.fill("#id_name", "ليلى")
    page.fill("#id_email", f"{uuid.uuid4().hex[:10]}@example.com")
    page.fill("#id_body", body)
    page.set_checked("#id_remember", remember)
    with page.expect_navigation():
        page.click("#comment-form [type=submit]")
    page.wait_for_selector(OWN_STATE_READY, state="attached")


def test_after_posting_a_reload_gets_the_shared_page_and_the_script_shows_the_held_comment(
    reader, demo
):
    body = f"تعليقي المعلق {uuid.uuid4().hex[:6]}"
    post(reader, body)
    comment = Comment.objects.get(body=body)
    assert "own=" not in reader.url  # the token was for that answer alone
    assert AWAITING in reader.locator(f"#comment-{comment.pk}").inner_text()

    answer = reader.reload()
    reader.wait_for_selector(OWN_STATE_READY, state="attached")
    assert "public" in answer.headers["cache-control"]
    assert body not in answer.text()  # the shared page itself holds nothing of theirs
    held = reader.locator(f"#comment-{comment.pk}")
    assert AWAITING in held.inner_text() and body in held.inner_text()
    assert reader.locator(f"#comment-{comment.pk}").count() == 1


def test_a_held_reply_is_placed_under_the_comment_it_answers(reader, demo):
    parent = Comment.objects.filter(article=demo["article"], status="approved").first()
    reader.click(f"#comment-{parent.pk} .nr-reply-link")
    body = f"ردّي المعلق {uuid.uuid4().hex[:6]}"
    post(reader, body)
    reply = Comment.objects.get(body=body)
    reader.goto(demo["url"])
    reader.wait_for_selector(OWN_STATE_READY, state="attached")
    nested = reader.locator(f"#comment-{parent.pk} > ol.nr-replies > #comment-{reply.pk}")
    assert AWAITING in nested.inner_text()


def test_another_reader_sees_nothing_of_it(new_context, reader, demo):
    body = f"لي وحدي {uuid.uuid4().hex[:6]}"
    post(reader, body)
    other = new_context().new_page()
    other.goto(demo["url"])
    other.wait_for_selector(OWN_STATE_READY, state="attached")
    assert body not in other.content() and AWAITING not in other.content()


def test_the_author_corrects_their_comment_from_the_edit_button(reader, demo):
    body = f"نص فيه خطأ {uuid.uuid4().hex[:6]}"
    post(reader, body)
    comment = Comment.objects.get(body=body)
    reader.goto(demo["url"])
    reader.wait_for_selector(OWN_STATE_READY, state="attached")
    item = reader.locator(f"#comment-{comment.pk}")
    item.locator(".nr-edit-link").click()
    editor = item.locator("form.nr-inline-edit textarea")
    assert editor.input_value() == body
    corrected = f"نص مصحّح {uuid.uuid4().hex[:6]}"
    editor.fill(corrected)
    with reader.expect_navigation():
        item.locator("form.nr-inline-edit [type=submit]").click()
    reader.wait_for_selector(OWN_STATE_READY, state="attached")
    shown = reader.locator(f"#comment-{comment.pk}")
    assert corrected in shown.inner_text() and body not in shown.inner_text()
    comment.refresh_from_db()
    assert comment.body == corrected and comment.edited_at is not None
