"""The Content-Security-Policy lets our own script run and blocks injected ones, which we notice."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__injected = true;";
  document.head.append(script);
}"""


def test_own_script_runs_and_injected_inline_script_is_blocked_and_reported(
    reader, browser_problems
):
    assert "js" in reader.get_attribute("html", "class").split()  # newsroom.js ran
    reader.evaluate(INJECT_INLINE_SCRIPT)
    for _ in range(20):  # violation events are dispatched asynchronously
        if any(p.startswith("csp: script-src") for p in browser_problems.seen):
            break
        reader.wait_for_timeout(100)
    assert any(p.startswith("csp: script-src") for p in browser_problems.seen)
    assert reader.evaluate("() => window.__injected === undefined")
    browser_problems.expect("script-src")
