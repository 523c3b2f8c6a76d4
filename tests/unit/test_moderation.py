"""Moderation rules: each rule alone, then their precedence in decide()."""

from dataclasses import replace

import pytest

from comments import moderation
from comments.moderation import (
    Action,
    BlockEntry,
    Policy,
    Reason,
    Submission,
    Verdict,
    decide,
    email_matches,
    host_in_domain,
    ip_matches,
    name_key,
)

CLEAN = Submission(
    name="أحمد",
    email="ahmad@example.com",
    url="",
    body="مقال رائع، شكرا للكاتب على هذا التحليل.",
    ip="198.51.100.7",
    comment_mode="open",
    comments_open=True,
    author_is_trusted=True,
    seconds_since_last_comment=None,
    is_duplicate=False,
    bot_check_failed=False,
)
POLICY = Policy()


def submit(**changes) -> Submission:
    return replace(CLEAN, **changes)


def block(kind: str, value: str, action: Action = Action.REJECT) -> Policy:
    return Policy(block_entries=(BlockEntry(kind, value, action),))


def assert_verdict(verdict, action, reasons, message=""):
    """Compare a verdict; lazy messages by identity, as comparing them needs Django settings."""
    assert (verdict.action, verdict.reasons) == (action, tuple(reasons))
    assert verdict.message is message or verdict.message == message == ""


def msgid(message) -> str:
    """Return the English msgid of a lazy message without needing Django settings."""
    _unpickle, (_func, args, _kwargs, *_types) = message.__reduce__()
    return args[0]


def test_clean_comment_from_a_known_author_is_approved():
    assert decide(CLEAN, policy=POLICY) == Verdict(Action.APPROVE, ())


def test_reader_messages_use_the_agreed_msgids():
    assert msgid(moderation.MESSAGE_CLOSED) == "Comments are closed."
    assert msgid(moderation.MESSAGE_DUPLICATE) == (
        "It looks like you have already posted this comment."
    )
    assert msgid(moderation.MESSAGE_FLOOD) == (
        "You are posting comments too quickly. Please wait a moment."
    )
    assert msgid(moderation.MESSAGE_BLOCKED) == "Your comment could not be published."


# Gates ---------------------------------------------------------------------------------------


def test_failed_bot_check_is_silent_spam():
    verdict = decide(submit(bot_check_failed=True), policy=POLICY)
    assert verdict == Verdict(Action.SPAM, (Reason("bot"),))
    assert verdict.message == ""


@pytest.mark.parametrize("changes", [{"comment_mode": "closed"}, {"comments_open": False}])
def test_closed_article_is_rejected_with_the_closed_message(changes):
    verdict = decide(submit(**changes), policy=POLICY)
    assert verdict.action == Action.REJECT
    assert [r.code for r in verdict.reasons] == ["closed"]
    assert verdict.message is moderation.MESSAGE_CLOSED


def test_comment_sent_too_soon_is_rejected_with_retry_after():
    verdict = decide(submit(seconds_since_last_comment=4.5), policy=Policy(flood_seconds=15))
    assert verdict.action == Action.REJECT
    assert [r.code for r in verdict.reasons] == ["flood"]
    assert verdict.message is moderation.MESSAGE_FLOOD
    assert verdict.retry_after == 11


@pytest.mark.parametrize(("elapsed", "wait"), [(14.9, 1), (0, 15), (-30, 15)])
def test_retry_after_stays_between_one_second_and_the_flood_window(elapsed, wait):
    verdict = decide(submit(seconds_since_last_comment=elapsed), policy=POLICY)
    assert verdict.retry_after == wait


@pytest.mark.parametrize(("elapsed", "flood_seconds"), [(None, 15), (15, 15), (60, 15), (0, 0)])
def test_comment_after_the_flood_window_is_not_flood(elapsed, flood_seconds):
    verdict = decide(
        submit(seconds_since_last_comment=elapsed), policy=Policy(flood_seconds=flood_seconds)
    )
    assert verdict.action == Action.APPROVE


def test_duplicate_comment_is_rejected_with_the_duplicate_message():
    verdict = decide(submit(is_duplicate=True), policy=POLICY)
    assert_verdict(verdict, Action.REJECT, [Reason("duplicate")], moderation.MESSAGE_DUPLICATE)


# Blocklist -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "pattern", "matches"),
    [
        ("Spammer@Example.COM", "spammer@example.com", True),
        ("spammer@example.com", " SPAMMER@example.com ", True),
        ("other@example.com", "spammer@example.com", False),
        ("x@spam.example", "@spam.example", True),
        ("x@mail.spam.example", "@spam.example", True),
        ("x@spam.example", "*@spam.example", True),
        ("x@notspam.example", "@spam.example", False),
        ("x@spam.example.org", "@spam.example", False),
        ("", "@spam.example", False),
        ("x@spam.example", "", False),
    ],
)
def test_email_patterns(email, pattern, matches):
    assert email_matches(email, pattern) is matches


def test_blocked_email_rejects_with_the_blocked_message():
    verdict = decide(submit(email="Bad@Spam.Example"), policy=block("email", "@spam.example"))
    reasons = [Reason("blocked_email", "@spam.example")]
    assert_verdict(verdict, Action.REJECT, reasons, moderation.MESSAGE_BLOCKED)


@pytest.mark.parametrize(
    ("ip", "value", "matches"),
    [
        ("203.0.113.5", "203.0.113.5", True),
        ("203.0.113.77", "203.0.113.0/24", True),
        ("203.0.114.1", "203.0.113.0/24", False),
        ("203.0.113.200", "203.0.113.128/25", True),
        ("2001:db8:1::5", "2001:db8::/32", True),
        ("2001:db9::5", "2001:db8::/32", False),
        ("::ffff:203.0.113.9", "203.0.113.0/24", True),
        ("203.0.113.9", "2001:db8::/32", False),
        ("203.0.113.9", "not-an-ip", False),
        ("garbage", "203.0.113.0/24", False),
        (None, "203.0.113.0/24", False),
    ],
)
def test_ip_addresses_and_networks(ip, value, matches):
    assert ip_matches(ip, value) is matches


def test_blocked_network_sends_to_spam_silently():
    policy = block("ip", "198.51.100.0/24", Action.SPAM)
    verdict = decide(CLEAN, policy=policy)
    assert verdict == Verdict(Action.SPAM, (Reason("blocked_ip", "198.51.100.0/24"),))


@pytest.mark.parametrize(
    "changes",
    [
        {"body": "يا كَلْـب"},
        {"body": "وبالكلب"},
        {"name": "الكلب"},
        {"url": "https://kalb.example/كلب"},
    ],
)
def test_blocked_word_in_name_body_or_url_is_rejected(changes):
    verdict = decide(submit(**changes), policy=block("word", "كلب"))
    assert_verdict(
        verdict, Action.REJECT, [Reason("blocked_word", "كلب")], moderation.MESSAGE_BLOCKED
    )


def test_blocked_word_does_not_match_inside_longer_words():
    assert decide(submit(body="كلبي وكلاب"), policy=block("word", "كلب")).action == Action.APPROVE


@pytest.mark.parametrize(
    ("host", "domain", "matches"),
    [
        ("spam.example", "spam.example", True),
        ("www.spam.example", "spam.example", True),
        ("a.b.spam.example", "*.spam.example", True),
        ("shop.spam.example", "www.spam.example", True),
        ("Spam.Example.", "spam.example", True),
        ("notspam.example", "spam.example", False),
        ("spam.example.org", "spam.example", False),
        ("xn--mgbh0fb.xn--kgbechtv", "مثال.إختبار", True),
        ("spam.example", "", False),
    ],
)
def test_domain_matching_includes_subdomains(host, domain, matches):
    assert host_in_domain(host, domain) is matches


@pytest.mark.parametrize(
    "changes",
    [
        {"body": "عروض https://www.spam.example/offer"},
        {"body": "زوروا shop.spam.example الآن"},
        {"url": "http://spam.example"},
    ],
)
def test_links_to_a_blocked_domain_are_rejected(changes):
    verdict = decide(submit(**changes), policy=block("domain", "spam.example"))
    assert verdict.action == Action.REJECT
    assert [r.code for r in verdict.reasons] == ["blocked_domain"]


def test_links_to_a_lookalike_domain_are_not_blocked():
    verdict = decide(submit(body="https://notspam.example"), policy=block("domain", "spam.example"))
    assert verdict.action == Action.APPROVE


def test_spam_entry_wins_over_reject_entry_and_every_hit_is_named():
    policy = Policy(
        block_entries=(
            BlockEntry("word", "كلب", Action.REJECT),
            BlockEntry("ip", "198.51.100.7", Action.SPAM),
        )
    )
    verdict = decide(submit(body="كلب"), policy=policy)
    assert verdict == Verdict(
        Action.SPAM, (Reason("blocked_ip", "198.51.100.7"), Reason("blocked_word", "كلب"))
    )


def test_a_block_finding_names_what_each_entry_matched():
    entries = (
        BlockEntry("domain", "spam.example", Action.SPAM),
        BlockEntry("domain", "example", Action.REJECT),
    )
    finding = moderation.rule_blocked_domain(
        submit(body="https://shop.spam.example/x"), Policy(block_entries=entries)
    )
    assert finding.hits == (("shop.spam.example", entries[0]), ("shop.spam.example", entries[1]))
    assert finding.reason == Reason("blocked_domain", "shop.spam.example")


def test_block_entries_are_validated():
    with pytest.raises(ValueError, match="kind"):
        BlockEntry("phone", "123", Action.REJECT)
    with pytest.raises(ValueError, match="spam or reject"):
        BlockEntry("word", "x", Action.HOLD)
    assert BlockEntry("word", "x", "spam").action is Action.SPAM


def test_unknown_comment_mode_is_refused():
    with pytest.raises(ValueError, match="comment mode"):
        submit(comment_mode="maybe")


# Holds ---------------------------------------------------------------------------------------


def test_watch_word_holds_and_names_the_word():
    policy = Policy(watch_words=("مظاهرة", "انتخابات"))
    verdict = decide(submit(body="هل تشاركون في المظاهرات أم في المُظاهَرة؟"), policy=policy)
    assert verdict == Verdict(Action.HOLD, (Reason("watch_word", "مظاهرة"),))


def test_more_links_than_allowed_holds():
    body = "t.me/deals و wa.me/966501234567 و +٩٦٦ ٥٠ ١٢٣ ٤٥٦٧"
    verdict = decide(submit(body=body), policy=Policy(max_links=2))
    assert verdict == Verdict(Action.HOLD, (Reason("too_many_links", "3"),))


def test_links_up_to_the_limit_including_the_website_pass():
    changes = {"body": "المصدر: https://news.example/a", "url": "https://blog.example"}
    assert decide(submit(**changes), policy=Policy(max_links=2)).action == Action.APPROVE
    assert decide(submit(**changes), policy=Policy(max_links=1)).action == Action.HOLD


def test_first_time_author_is_held_unless_the_policy_trusts_newcomers():
    newcomer = submit(author_is_trusted=False)
    assert decide(newcomer, policy=POLICY) == Verdict(Action.HOLD, (Reason("first_time"),))
    assert decide(newcomer, policy=Policy(hold_first_time=False)).action == Action.APPROVE


@pytest.mark.parametrize(
    ("name", "reserved"),
    [
        ("Αdmin", "admin"),  # Greek capital alpha
        ("аdmin", "admin"),  # Cyrillic a
        ("ADM1N", "admin"),
        ("A d-m_i.n", "admin"),
        ("m0derat0r", "moderator"),
        ("المُحـرر", "المحرر"),
        ("ال\u200bمحرر", "المحرر"),
        ("الإدارة", "الإدارة"),
        ("الاداره", "الإدارة"),
        ("هيئة  التحرير", "هيئة التحرير"),
        ("أدمن", "ادمن"),
    ],
)
def test_name_dressed_as_a_reserved_name_is_held(name, reserved):
    verdict = decide(submit(name=name), policy=POLICY)
    assert verdict == Verdict(Action.HOLD, (Reason("impersonation", reserved),))


def test_name_dressed_as_a_staff_name_is_held():
    policy = Policy(staff_names=("سارة العتيبي",))
    verdict = decide(submit(name="ساره  العُتيبي"), policy=policy)
    assert verdict == Verdict(Action.HOLD, (Reason("impersonation", "سارة العتيبي"),))


@pytest.mark.parametrize("name", ["أحمد", "محرر الأخبار", "Adminah", "editorial", "!!!", ""])
def test_ordinary_names_are_not_impersonation(name):
    assert decide(submit(name=name), policy=POLICY).action == Action.APPROVE


def test_name_key_keeps_only_letters_and_digits_of_the_skeleton():
    assert name_key("  Ad-min! ") == name_key("admin") != ""


def test_moderated_article_holds_every_comment():
    verdict = decide(submit(comment_mode="moderated"), policy=POLICY)
    assert verdict == Verdict(Action.HOLD, (Reason("moderated_article"),))


# Precedence ----------------------------------------------------------------------------------

EVERYTHING_WRONG = submit(
    name="Αdmin",
    email="bad@spam.example",
    body="كلب مظاهرة t.me/a wa.me/1 https://spam.example",
    comment_mode="moderated",
    author_is_trusted=False,
    seconds_since_last_comment=1,
    is_duplicate=True,
    bot_check_failed=True,
)
STRICT = Policy(
    block_entries=(
        BlockEntry("email", "@spam.example", Action.REJECT),
        BlockEntry("word", "كلب", Action.REJECT),
        BlockEntry("domain", "spam.example", Action.REJECT),
    ),
    watch_words=("مظاهرة",),
)


# Each step fixes what the previous gate caught, so the next rule in line answers.
GATE_ORDER = [
    ("bot", {}),
    ("closed", {"bot_check_failed": False}),
    ("closed", {"comment_mode": "moderated"}),
    ("flood", {"comments_open": True}),
    ("duplicate", {"seconds_since_last_comment": None}),
    ("blocked_email", {"is_duplicate": False}),
]


def test_gates_apply_in_order():
    submission = replace(EVERYTHING_WRONG, comment_mode="closed", comments_open=False)
    for code, fix in GATE_ORDER:
        submission = replace(submission, **fix)
        assert decide(submission, policy=STRICT).reasons[0].code == code, fix


def test_blocklist_beats_holds_and_lists_every_hit():
    submission = replace(EVERYTHING_WRONG, bot_check_failed=False, is_duplicate=False)
    submission = replace(submission, seconds_since_last_comment=None)
    verdict = decide(submission, policy=STRICT)
    assert verdict.action == Action.REJECT
    assert verdict.message is moderation.MESSAGE_BLOCKED
    assert [r.code for r in verdict.reasons] == ["blocked_email", "blocked_word", "blocked_domain"]


def test_hold_collects_every_reason_in_rule_order():
    submission = replace(
        EVERYTHING_WRONG,
        email="new@example.com",
        body="كلب مظاهرة t.me/a wa.me/1 https://spam.example",
        bot_check_failed=False,
        seconds_since_last_comment=None,
        is_duplicate=False,
    )
    policy = replace(STRICT, block_entries=())
    verdict = decide(submission, policy=policy)
    assert verdict == Verdict(
        Action.HOLD,
        (
            Reason("watch_word", "مظاهرة"),
            Reason("too_many_links", "3"),
            Reason("first_time"),
            Reason("impersonation", "admin"),
            Reason("moderated_article"),
        ),
    )


def test_flood_control_set_to_zero_never_rejects_even_simultaneous_posts():
    verdict = decide(submit(seconds_since_last_comment=-0.2), policy=Policy(flood_seconds=0))
    assert verdict.action == Action.APPROVE


def test_a_comment_without_an_address_is_refused_before_any_other_rule():
    verdict = decide(submit(ip=None, bot_check_failed=True), policy=Policy())
    assert verdict.action == Action.REJECT
    assert verdict.reasons == (Reason("no_address"),)
    assert verdict.message == moderation.MESSAGE_NO_ADDRESS


# Editors' sanctions ----------------------------------------------------------------------------


def test_a_suspended_commenter_is_refused_saying_until_when():
    from datetime import UTC, datetime

    until = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
    suspension = moderation.Suspension(until=until, until_text="٩ ديسمبر ٢٠٢٦")
    verdict = decide(submit(suspension=suspension), policy=POLICY)
    assert verdict.action == Action.REJECT
    assert verdict.reasons == (Reason("suspended", until.isoformat()),)
    assert "٩ ديسمبر ٢٠٢٦" in str(verdict.message)


def test_a_suspension_for_good_says_so():
    verdict = decide(submit(suspension=moderation.Suspension(until=None)), policy=POLICY)
    assert_verdict(
        verdict, Action.REJECT, [Reason("suspended", "for good")],
        moderation.MESSAGE_SUSPENDED_FOR_GOOD,
    )  # fmt: skip


def test_a_suspension_is_refused_before_the_other_gates_but_a_bot_still_goes_to_spam():
    suspended = submit(suspension=moderation.Suspension(until=None), is_duplicate=True)
    assert decide(suspended, policy=POLICY).reasons[0].code == "suspended"
    assert decide(replace(suspended, bot_check_failed=True), policy=POLICY).action == Action.SPAM


def test_a_shadow_hold_holds_a_trusted_commenter_among_the_other_reasons():
    held = submit(shadow_held=True, body="https://a.example https://b.example https://c.example")
    verdict = decide(held, policy=POLICY)
    assert verdict.action == Action.HOLD
    assert [r.code for r in verdict.reasons] == ["too_many_links", "shadow_hold"]


# The abuse model's rule. ------------------------------------------------------------------

RISKY = Policy(risk_hold_threshold=0.6)


def test_a_regular_whose_comment_scores_at_the_threshold_is_held():
    verdict = decide(submit(risk=0.6), policy=RISKY)
    assert_verdict(verdict, Action.HOLD, [Reason("likely_abusive", "0.60")])


def test_a_comment_below_the_threshold_is_not_held_by_the_model():
    assert decide(submit(risk=0.59), policy=RISKY) == Verdict(Action.APPROVE, ())


def test_without_a_score_the_model_rule_holds_nothing():
    assert decide(submit(risk=None), policy=RISKY) == Verdict(Action.APPROVE, ())


def test_the_model_never_rejects_even_at_full_risk():
    verdict = decide(submit(risk=1.0, author_is_trusted=False), policy=RISKY)
    assert verdict.action == Action.HOLD
    assert [r.code for r in verdict.reasons] == ["first_time", "likely_abusive"]


def test_a_blocklist_still_decides_before_the_model():
    policy = replace(block("word", "رائع"), risk_hold_threshold=0.6)
    assert decide(submit(risk=0.9), policy=policy).action == Action.REJECT


LOW_RISK_APPROVES = Policy(risk_hold_threshold=0.6, risk_approve_below=0.1)


def test_a_low_risk_first_comment_is_approved_when_the_site_allows_it():
    verdict = decide(submit(author_is_trusted=False, risk=0.05), policy=LOW_RISK_APPROVES)
    assert_verdict(verdict, Action.APPROVE, [Reason("low_risk", "0.05")])


def test_a_first_comment_is_held_when_low_risk_approval_is_off():
    verdict = decide(submit(author_is_trusted=False, risk=0.05), policy=RISKY)
    assert_verdict(verdict, Action.HOLD, [Reason("first_time")])


@pytest.mark.parametrize("risk", [0.1, 0.3, None])
def test_a_first_comment_not_clearly_low_risk_stays_held(risk):
    verdict = decide(submit(author_is_trusted=False, risk=risk), policy=LOW_RISK_APPROVES)
    assert_verdict(verdict, Action.HOLD, [Reason("first_time")])


def test_low_risk_never_lifts_another_hold():
    held = submit(author_is_trusted=False, risk=0.01, comment_mode="moderated")
    verdict = decide(held, policy=LOW_RISK_APPROVES)
    assert [r.code for r in verdict.reasons] == ["first_time", "moderated_article"]
