"""The moderation lists, the "test a text" box, the thresholds and the read-only audit trail."""

import json
import re

import pytest
from django.urls import reverse

from comments.models import ModerationEvent, ModerationListEntry, ModerationSettings
from comments.policy import POLICY_CACHE_KEY, load_policy
from tests.factories import make_comment, make_editor, make_user
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

LISTS = reverse("admin:comments_moderationlistentry_changelist")
Entry = ModerationListEntry


def shared_json(relative: str) -> dict:
    """Read a shared corpus file (see tests/shared_data.py for when it skips)."""
    return json.loads(shared_data(relative).read_text(encoding="utf-8"))


def entry(value: str, *, listed=Entry.List.BLOCK, kind=Entry.Kind.WORD, action=None):
    action = action or (Entry.Action.REJECT if listed == Entry.List.BLOCK else Entry.Action.HOLD)
    return Entry.objects.create(list=listed, kind=kind, value=value, action=action)


def try_sample(client, sample: str) -> str:
    return client.post(LISTS, {"sample": sample, "_test_sample": "1"}).content.decode()


def hit_rows(html: str) -> list[list[str]]:
    """Return each hit's cells: list, kind, value, action, matched."""
    rows = html.split('<tr class="nr-hit">')[1:]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row.split("</tr>")[0]) for row in rows]


def hits(html: str) -> list[str]:
    return [cells[2] for cells in hit_rows(html)]


# The "test a text" box -----------------------------------------------------------------------


def test_tester_box_is_on_the_lists_page(client, editor):
    html = client.get(LISTS).content.decode()
    assert 'name="sample"' in html and 'name="_test_sample"' in html


@pytest.mark.parametrize(
    "sample, expected",
    [
        ("هذا كَلْـــب", ["كلب"]),
        ("والكلب نبح", ["كلب"]),
        ("بالكلاب", []),
        ("كلبنا جميل", []),
        ("يا حمار الوحش", ["حمار الوحش"]),
        ("حمار", []),
    ],
    ids=["diacritics-tatweel", "clitic", "other-word", "longer-word", "phrase", "half-phrase"],
)
def test_tester_shows_which_word_entries_a_text_hits(client, editor, sample, expected):
    entry("كلب")
    entry("حمار الوحش", listed=Entry.List.WATCH)
    assert hits(try_sample(client, sample)) == expected


def test_tester_shows_the_abuse_models_risk_and_words(client, editor, risk_model):
    html = try_sample(client, "المعلق الاخر حقير وغبي")
    assert "The abuse model&#x27;s risk:" in html or "The abuse model's risk:" in html
    assert "at or above the hold threshold: held" in html
    assert "<mark>حقير</mark>" in html


def test_tester_says_nothing_of_risk_without_a_model(client, editor):
    assert "abuse model" not in try_sample(client, "المعلق الاخر حقير وغبي")


def test_tester_shows_the_normalized_text(client, editor):
    html = try_sample(client, "أَهْلـــاً بِكُم يا مُدِيرَة ٣")
    assert "<code>اهلا بكم يا مديره 3</code>" in html
    assert "No entry matches this text." in html


def test_tester_checks_emails_ips_domains_and_reserved_names(client, editor):
    entry("@spam.example", kind=Entry.Kind.EMAIL)
    entry("203.0.113.0/24", kind=Entry.Kind.IP)
    entry("casino.example", kind=Entry.Kind.DOMAIN, action=Entry.Action.SPAM)
    entry("رئيس القسم", listed=Entry.List.RESERVED)
    html = try_sample(client, "bob@mail.spam.example 203.0.113.77 https://www.casino.example/x")
    assert set(hits(html)) == {"@spam.example", "203.0.113.0/24", "casino.example"}
    assert hits(try_sample(client, "رئيـس  القِسم")) == ["رئيس القسم"]


def test_tester_reports_a_built_in_reserved_name_with_no_list_entry(client, editor):
    assert not Entry.objects.exists()
    assert hit_rows(try_sample(client, "المُحرِّر")) == [
        ["Built-in reserved names", "Word or phrase", "المحرر", "Hold for review", "المُحرِّر"]
    ]


def test_tester_reports_an_active_staff_members_name(client, editor):
    make_user(first_name="سارة", last_name="الكاتبة")
    make_user(first_name="هند", last_name="السابقة", is_active=False)
    assert hit_rows(try_sample(client, "ساره الكاتبه")) == [
        ["Staff names", "Word or phrase", "سارة الكاتبة", "Hold for review", "ساره الكاتبه"]
    ]
    assert hit_rows(try_sample(client, "هند السابقة")) == []


def test_tester_keeps_name_and_comment_apart_as_the_pipeline_does(client, editor):
    entry("حمار الوحش")
    assert hits(try_sample(client, "الوحش يا حمار")) == []


def test_tester_counts_links_phones_and_handles(client, editor):
    html = try_sample(client, "راسلني واتساب ٠٥٥١٢٣٤٥٦٧ أو @deals_bot")
    assert "2 links, phone numbers or handles counted." in html


def test_tester_agrees_with_the_shared_normalization_vectors(client, editor):
    vectors = [
        v for v in shared_json("arabic/normalization-test-vectors.json")["vectors"]
        if "expected" in v
    ]  # fmt: skip
    assert len(vectors) > 10
    for expected in {v["expected"] for v in vectors}:
        entry(expected)
    for vector in vectors:
        assert vector["expected"] in hits(try_sample(client, vector["input"])), vector["id"]


def test_tester_sees_through_the_shared_evasion_tricks(client, editor):
    for word in ("كلب", "غبي", "spam"):
        entry(word)
    strings = shared_json("unicode/bidi-and-invisible-test-strings.json")["strings"]
    tricks = [s for s in strings if s["class"] == "evasion" and s["id"] != "arabizi-digits"]
    assert len(tricks) >= 6
    for trick in tricks:
        assert len(hits(try_sample(client, f"أنت {trick['text']}!"))) == 1, trick["id"]


def test_tester_ignores_bidi_controls_inside_a_word(client, editor):
    entry("غبي")
    for control in ("\u202e", "\u2067", "\u200f", "\u061c"):
        assert hits(try_sample(client, f"أنت غ{control}بي")) == ["غبي"], repr(control)


def test_tester_is_escaped(client, editor):
    html = try_sample(client, "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html


# Saving entries -----------------------------------------------------------------------------


def add_entry(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("admin:comments_moderationlistentry_add"), data)


def test_saving_an_entry_drops_the_cached_lists(client, editor, django_capture_on_commit_callbacks):
    settings_row = ModerationSettings.current()
    assert load_policy(settings_row).watch_words == ()
    response = add_entry(client, django_capture_on_commit_callbacks, list="watch", kind="word",
                         value="رشوة", action="hold", note="")  # fmt: skip
    assert response.status_code == 302
    assert load_policy(settings_row).watch_words == ("رشوة",)


def test_deleting_entries_drops_the_cached_lists(
    client, editor, django_capture_on_commit_callbacks
):
    doomed = entry("رشوة", listed=Entry.List.WATCH)
    assert load_policy(ModerationSettings.current()).watch_words == ("رشوة",)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LISTS, {"action": "delete_selected", "_selected_action": [doomed.pk],
                            "post": "yes"})  # fmt: skip
    assert not Entry.objects.exists()
    from django.core.cache import cache

    assert cache.get(POLICY_CACHE_KEY) is None


@pytest.mark.parametrize(
    "data, field",
    [
        ({"list": "block", "kind": "ip", "value": "999.1.1.1", "action": "spam"}, "value"),
        ({"list": "block", "kind": "email", "value": "not an email", "action": "spam"}, "value"),
        ({"list": "block", "kind": "domain", "value": "http://x", "action": "spam"}, "value"),
        ({"list": "block", "kind": "word", "value": "كلب", "action": "hold"}, "action"),
        ({"list": "watch", "kind": "word", "value": "كلب", "action": "spam"}, "action"),
        ({"list": "watch", "kind": "ip", "value": "192.0.2.1", "action": "hold"}, "kind"),
    ],
    ids=["bad-ip", "bad-email", "bad-domain", "block-hold", "watch-spam", "watch-ip"],
)
def test_entries_that_could_never_work_are_refused(
    client, editor, django_capture_on_commit_callbacks, data, field
):
    response = add_entry(client, django_capture_on_commit_callbacks, note="", **data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == [field]
    assert not Entry.objects.exists()


def test_entry_values_are_stored_in_comparable_form(
    client, editor, django_capture_on_commit_callbacks
):
    add_entry(client, django_capture_on_commit_callbacks, list="block", kind="email",
              value=" Bad@Example.COM ", action="spam", note="")  # fmt: skip
    add_entry(client, django_capture_on_commit_callbacks, list="block", kind="ip",
              value="10.0.0.7/8", action="spam", note="")  # fmt: skip
    assert set(Entry.objects.values_list("value", flat=True)) == {"bad@example.com", "10.0.0.0/8"}


# Thresholds ---------------------------------------------------------------------------------


def test_settings_list_opens_the_single_row(client, editor):
    response = client.get(reverse("admin:comments_moderationsettings_changelist"))
    row = ModerationSettings.current()
    assert response["Location"] == reverse(
        "admin:comments_moderationsettings_change", args=[row.pk]
    )
    assert client.get(reverse("admin:comments_moderationsettings_add")).status_code == 403
    delete = reverse("admin:comments_moderationsettings_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


def test_editor_changes_the_report_threshold(client, editor):
    row = ModerationSettings.current()
    url = reverse("admin:comments_moderationsettings_change", args=[row.pk])
    data = {
        "close_after_days": 0, "max_links": 2, "hold_first_time": "on", "flood_seconds": 15,
        "report_threshold": 5, "notify_editors": "on",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.report_threshold == 5


# The audit trail is read-only ---------------------------------------------------------------


def test_audit_trail_cannot_be_added_changed_or_deleted(client, article):
    client.force_login(make_editor())
    event = ModerationEvent.objects.create(
        comment=make_comment(article=article), to_status="approved", source="rule"
    )
    change = reverse("admin:comments_moderationevent_change", args=[event.pk])
    assert client.get(reverse("admin:comments_moderationevent_changelist")).status_code == 200
    assert client.get(reverse("admin:comments_moderationevent_add")).status_code == 403
    client.post(change, {"to_status": "removed", "reason": "x", "source": "admin"})
    delete = reverse("admin:comments_moderationevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert (event.to_status, event.reason) == ("approved", "")


def test_even_a_superuser_cannot_edit_the_audit_trail(client, article):
    client.force_login(make_user(is_superuser=True))
    event = ModerationEvent.objects.create(
        comment=make_comment(article=article), to_status="approved", source="rule"
    )
    change = reverse("admin:comments_moderationevent_change", args=[event.pk])
    assert client.post(change, {"to_status": "removed"}).status_code == 403
    assert 'name="to_status"' not in client.get(change).content.decode()


def test_audit_trail_list_links_each_event_to_its_comment(client, editor, article):
    shown = make_comment(article=article)
    ModerationEvent.objects.create(comment=shown, to_status="approved", source="rule")
    html = client.get(reverse("admin:comments_moderationevent_changelist")).content.decode()
    assert reverse("admin:comments_comment_change", args=[shown.pk]) in html


@pytest.mark.parametrize("count", [5, 500])
def test_lists_and_audit_pages_cost_the_same_queries_at_any_size(
    client, editor, article, count, django_assert_max_num_queries
):
    Entry.objects.bulk_create(
        Entry(list=Entry.List.WATCH, kind=Entry.Kind.WORD, value=f"كلمة{n}") for n in range(count)
    )
    shown = make_comment(article=article)
    ModerationEvent.objects.bulk_create(
        ModerationEvent(comment=shown, to_status="approved", source="admin", actor=editor)
        for _ in range(count)
    )
    with django_assert_max_num_queries(13):  # the header's waiting count, once per queue version
        assert "كلمة1" in try_sample(client, "كلمة1 هنا")
    with django_assert_max_num_queries(12):
        client.get(reverse("admin:comments_moderationevent_changelist"))
    with django_assert_max_num_queries(20):
        client.get(reverse("admin:comments_comment_change", args=[shown.pk]))
