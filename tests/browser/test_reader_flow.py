"""A reader comments on the demo article, an editor approves it, and replies nest under comments."""

import uuid
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission, User

from comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUIRED = ["name", "email", "body"]
AWAITING = "تعليقك في انتظار المراجعة"
EDITOR_PASSWORD = "a-long-editor-password-1"
EDITORS_MIGRATION = "comments.migrations.0002_editors_group_and_defaults"
GAP_BELOW = """([above, below]) => document.querySelector(below).getBoundingClientRect().top
  - document.querySelector(above).getBoundingClientRect().bottom"""


@pytest.fixture
def editor(demo) -> User:
    """A staff user in the Editors group (recreated as the migration made it: flushes drop it)."""
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        codenames = import_module(EDITORS_MIGRATION).EDITOR_PERMISSIONS
        group.permissions.set(Permission.objects.filter(codename__in=codenames))
    user = User.objects.create_user("editor", "editor@example.com", EDITOR_PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


def fill_comment(page, *, body: str, name: str = "سلوى", email: str = "") -> None:
    page.fill("#id_name", name)
    page.fill("#id_email", email or f"{uuid.uuid4().hex[:10]}@example.com")
    page.fill("#id_body", body)


def submit(page) -> None:
    with page.expect_navigation():
        page.click("#comment-form [type=submit]")


def approve_in_admin(page, editor: User, comment: Comment) -> None:
    """Log in as the editor and approve the comment from the pending queue's bulk action."""
    page.goto("/admin/login/?next=/admin/comments/comment/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", EDITOR_PASSWORD)
    with page.expect_navigation():
        page.click("#login-form [type=submit]")
    page.check(f'input[name="_selected_action"][value="{comment.pk}"]')
    page.select_option('select[name="action"]', "approve_comments")
    with page.expect_navigation():
        page.click('button[name="index"]')
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_empty_form_shows_each_arabic_error_next_to_its_field_and_focuses_the_first(
    reader, browser_problems
):
    browser_problems.expect("status of 400")  # the refused form is answered with 400
    submit(reader)
    reader.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'id_name'"
    )
    for field in REQUIRED:
        control = reader.locator(f"#id_{field}")
        error = reader.locator(f"#div_id_{field} #id_{field}_error")
        assert error.inner_text().strip() == "هذا الحقل مطلوب."
        assert error.is_visible()
        assert control.get_attribute("aria-invalid") == "true"
        assert f"id_{field}_error" in control.get_attribute("aria-describedby").split()
        gap = reader.evaluate(GAP_BELOW, [f"#id_{field}", f"#id_{field}_error"])
        assert 0 <= gap < 40, f"the error of {field} is {gap}px below it"
    assert reader.locator("#id_url").get_attribute("aria-invalid") is None
    assert "يرجى تصحيح الأخطاء أدناه" in reader.locator("#nr-form-errors[role=alert]").inner_text()


def test_comment_awaits_moderation_for_its_author_only_until_an_editor_approves_it(
    reader, new_context, editor
):
    body = f"تعليق من المتصفح {uuid.uuid4().hex[:6]}"
    fill_comment(reader, body=body, name="Salwa سلوى")
    submit(reader)
    comment = Comment.objects.get(body=body)
    mine = reader.locator(f"#comment-{comment.pk}")
    assert f"#comment-{comment.pk}" in reader.url
    assert body in mine.inner_text() and AWAITING in mine.inner_text()
    reader.reload()
    assert AWAITING in reader.locator(f"#comment-{comment.pk}").inner_text()
    stranger = new_context().new_page()
    stranger.goto(reader.url)
    assert body not in stranger.content()

    approve_in_admin(new_context().new_page(), editor, comment)

    reader.reload()
    assert body in mine.inner_text() and AWAITING not in mine.inner_text()
    stranger.reload()
    assert body in stranger.locator(f"#comment-{comment.pk}").inner_text()


def test_reply_form_moves_under_the_comment_and_the_reply_nests_after_approval(
    reader, new_context, editor
):
    parent = Comment.objects.get(source="demo:lib-1")
    reader.click(f"#comment-{parent.pk} > article .nr-reply-link")
    assert reader.locator(f"#comment-{parent.pk} #respond").count() == 1
    assert reader.locator("#nr-replying-to").is_visible()
    assert reader.locator("#nr-replying-to-name").inner_text() == parent.name
    assert reader.input_value("#id_parent") == str(parent.pk)
    assert reader.evaluate("document.activeElement.id") == "id_body"

    body = f"رد من المتصفح {uuid.uuid4().hex[:6]}"
    fill_comment(reader, body=body)
    submit(reader)
    reply = Comment.objects.get(body=body)
    assert reply.parent_id == parent.pk
    nested = f"#comment-{parent.pk} > .nr-replies > #comment-{reply.pk}"
    assert AWAITING in reader.locator(nested).inner_text()

    approve_in_admin(new_context().new_page(), editor, reply)
    stranger = new_context().new_page()
    stranger.goto(reader.url)
    assert body in stranger.locator(nested).inner_text()


def test_cancel_reply_puts_the_form_back_and_forgets_the_parent(reader):
    parent = Comment.objects.get(source="demo:lib-4")
    reader.click(f"#comment-{parent.pk} > article .nr-reply-link")
    reader.click("#nr-cancel-reply")
    assert reader.locator("main > #respond").count() == 1
    assert reader.locator(f"#comment-{parent.pk} #respond").count() == 0
    assert reader.input_value("#id_parent") == ""
    assert reader.locator("#nr-replying-to").is_hidden()


def test_reply_link_works_without_javascript(new_context, demo):
    parent = Comment.objects.get(source="demo:lib-1")
    page = new_context(java_script_enabled=False).new_page()
    page.goto(demo["url"])
    page.click(f"#comment-{parent.pk} > article .nr-reply-link")
    assert f"replyto={parent.pk}" in page.url
    assert page.locator("#nr-replying-to").is_visible()
    assert page.locator("#nr-replying-to-name").inner_text() == parent.name
    assert page.input_value("#id_parent") == str(parent.pk)


def test_more_replies_opens_the_rest_and_its_reply_links_open_the_form(reader, demo, settings):
    from django.core.cache import cache

    settings.COMMENTS_REPLIES_PER_THREAD = 1
    cache.clear()  # the block was rendered with the usual share
    threads = Comment.objects.public().filter(article=demo["article"], parent__isnull=True)
    root = next(t for t in threads if Comment.objects.public().filter(thread=t).count() >= 2)
    reader.reload()
    reader.click(f"#comment-{root.pk} .nr-more-replies")
    assert "/replies/?from=" in reader.url
    assert reader.locator("#comments .nr-comment").count() >= 2
    reader.locator("#comments .nr-replies .nr-reply-link").first.click()
    assert f"{demo['url']}?replyto=" in reader.url and "/replies/" not in reader.url
    assert reader.locator("#nr-replying-to").is_visible()
