"""The "useful" button pressed with script: the count and aria-pressed change without a reload."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment, CommentReaction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shown(demo) -> Comment:
    return Comment.objects.public().filter(article=demo["article"], parent=None).first()


def test_pressing_useful_toggles_the_count_and_the_pressed_state_without_a_reload(reader, shown):
    button = reader.locator(f"#comment-{shown.pk} > article button.nr-useful")
    count = button.locator(".nr-useful-count")
    expect(button).to_have_attribute("aria-pressed", "false")  # set by the script from /mine
    expect(count).to_have_text("٠")
    reader.evaluate("window.__nrNoReload = true")  # gone if the page reloads

    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(count).to_have_text("١")
    assert Comment.objects.get(pk=shown.pk).useful_count == 1
    assert CommentReaction.objects.filter(comment=shown).count() == 1

    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(count).to_have_text("٠")
    assert Comment.objects.get(pk=shown.pk).useful_count == 0
    assert reader.evaluate("window.__nrNoReload") is True


def test_the_pressed_state_comes_back_after_a_reload_from_the_private_endpoint(reader, shown):
    button = reader.locator(f"#comment-{shown.pk} > article button.nr-useful")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")

    reader.reload()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button.locator(".nr-useful-count")).to_have_text("١")
