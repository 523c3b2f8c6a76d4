"""The editors' queue in the admin: what it shows, how it searches and how editors decide."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationEvent
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")
PENDING = Comment.Status.PENDING


def queue(client, **params):
    return client.get(QUEUE, params).content.decode()


def run_action(client, action: str, comments, query: str = "?status=all", **extra):
    data = {"action": action, "_selected_action": [c.pk for c in comments], "index": 0, **extra}
    return client.post(QUEUE + query, data)


def statuses(*comments) -> list[str]:
    return [Comment.objects.get(pk=c.pk).status for c in comments]


# The list ------------------------------------------------------------------------------------


def test_queue_opens_on_pending_comments_oldest_first(client, editor, article):
    now = timezone.now()
    newer = make_comment(article=article, body="الأحدث", status=PENDING, created_at=now)
    older = make_comment(
        article=article, body="الأقدم", status=PENDING, created_at=now - timedelta(hours=2)
    )
    make_comment(article=article, body="منشور من قبل")
    html = queue(client)
    assert "منشور من قبل" not in html
    assert html.index("الأقدم") < html.index("الأحدث")
    assert {older.pk, newer.pk} == set(
        Comment.objects.filter(status=PENDING).values_list("pk", flat=True)
    )


def test_queue_can_still_show_every_status(client, editor, article):
    make_comment(article=article, body="تعليق-منشور-هنا", status=Comment.Status.APPROVED)
    make_comment(article=article, body="تعليق-مزعج-هنا", status=Comment.Status.SPAM)
    html = queue(client, status="all")
    assert "تعليق-منشور-هنا" in html and "تعليق-مزعج-هنا" in html
    spam = queue(client, status="spam")
    assert "تعليق-مزعج-هنا" in spam and "تعليق-منشور-هنا" not in spam


def test_queue_row_shows_excerpt_article_author_ip_reasons_reports_and_age(client, editor, article):
    make_comment(
        article=article, name="سلمى", email="salma@example.com", ip_address="203.0.113.9",
        body="كلام " * 60, status=PENDING, report_count=2,
        created_at=timezone.now() - timedelta(hours=2, minutes=5),
        moderation_reasons=[{"code": "watch_word", "detail": "كلب"}, {"code": "first_time"}],
    )  # fmt: skip
    html = queue(client)
    assert article.title in html and "سلمى" in html and "salma@example.com" in html
    assert "203.0.113.9" in html
    assert "Watched word: كلب; First comment from this email" in html
    assert 'class="field-report_count">2<' in html
    assert '<td class="field-age_col">2\xa0hours</td>' in html
    assert "كلام " * 60 not in html  # only an excerpt


def test_reasons_are_shown_in_arabic_by_default(client, editor, article):
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
    make_comment(article=article, status=PENDING, moderation_reasons=[{"code": "first_time"}])
    html = queue(client)
    assert "أول تعليق من هذا البريد" in html and "First comment" not in html


@pytest.mark.parametrize("count", [5, 500])
def test_queue_page_costs_the_same_queries_at_any_size(
    client, editor, article, count, django_assert_max_num_queries
):
    Comment.objects.bulk_create(
        Comment(
            article=article, name=f"قارئ {i}", email=f"r{i}@example.com", body=f"نص {i}",
            body_html=f"<p>نص {i}</p>", status=PENDING, created_at=timezone.now(),
        )
        for i in range(count)
    )  # fmt: skip
    with django_assert_max_num_queries(14):
        assert client.get(QUEUE).status_code == 200


# Filters and search --------------------------------------------------------------------------


def test_reported_filter_keeps_reported_comments(client, editor, article):
    make_comment(article=article, body="مبلغ عنه", status=PENDING, report_count=1)
    make_comment(article=article, body="هادئ", status=PENDING)
    html = queue(client, reported="yes")
    assert "مبلغ عنه" in html and "هادئ" not in html


def test_section_and_article_filters(client, editor, article):
    other = make_article(section=make_section())
    make_comment(article=article, body="هنا", status=PENDING)
    make_comment(article=other, body="هناك", status=PENDING)
    by_section = queue(client, article__section__id__exact=other.section_id)
    assert "هناك" in by_section and "هنا<" not in by_section
    by_article = queue(client, article=article.pk)
    assert "هنا" in by_article and "هناك" not in by_article


def test_date_filter_keeps_todays_comments(client, editor, article):
    make_comment(article=article, body="قديم جدا", status=PENDING,
                 created_at=timezone.now() - timedelta(days=30))  # fmt: skip
    make_comment(article=article, body="جديد", status=PENDING)
    html = queue(client, created_at__gte=(timezone.now() - timedelta(days=7)).isoformat())
    assert "جديد" in html and "قديم جدا" not in html


@pytest.mark.parametrize(
    "term",
    ["كلب", "كَلْـــب", "الكلب", "نب", "salma", "Salma@Example.com", "203.0.113.9", "سلمى", "سلم"],
    ids=[
        "plain", "diacritics-tatweel", "with-article", "word-start", "email-start", "email",
        "ip", "name", "name-start",
    ],
)  # fmt: skip
def test_search_ignores_diacritics_and_tatweel_and_finds_name_email_ip(
    client, editor, article, term
):
    make_comment(
        article=article, body="هذا الكَلْب نبح", name="سلمى", email="salma@example.com",
        ip_address="203.0.113.9", status=PENDING,
    )  # fmt: skip
    make_comment(article=article, body="تعليق آخر", status=PENDING, ip_address="198.51.100.1")
    html = queue(client, q=term)
    assert "نبح" in html and "تعليق آخر" not in html


@pytest.mark.parametrize(
    "term",
    ["salma@example", "203.0.113", "203.0.113.9", "لب"],
    ids=["email-part", "ip-prefix", "ip-prefix-that-is-an-ip", "inside-a-word"],
)
def test_postgresql_matches_word_starts_and_whole_addresses_where_sqlite_matches_substrings(
    client, editor, article, term
):
    # SQLite has no search index and compares substrings; PostgreSQL's index knows word starts,
    # and only a whole email or IP address is looked up (exactly) in its own index.
    make_comment(
        article=article, body="هذا الكلب نبح", email="salma@example.com",
        ip_address="203.0.113.90", status=PENDING,
    )  # fmt: skip
    found = "نبح" in queue(client, q=term)
    assert found == (connection.vendor != "postgresql")


@pytest.mark.parametrize("term", ["المدير", "مدير", "مُدير"])
def test_a_word_is_found_behind_the_article_and_and_the(client, editor, article, term):
    make_comment(article=article, body="والمدير يعلم", status=PENDING)
    assert "يعلم" in queue(client, q=term)


def test_search_for_a_full_email_finds_that_commenter_only(client, editor, article):
    make_comment(article=article, body="الأول", email="o'brien@example.com", status=PENDING)
    make_comment(article=article, body="الثاني", email="brien@example.com", status=PENDING)
    html = queue(client, q="O'Brien@Example.com")
    assert "الأول" in html and "الثاني" not in html


@pytest.mark.parametrize(
    "term, shown, hidden",
    [("2001:db8::1", "الأول", "الثاني"), ("198.51.100.1", "الثاني", "الأول")],
    ids=["ipv6", "ipv4"],
)
def test_search_for_a_full_ip_finds_comments_from_it(client, editor, article, term, shown, hidden):
    make_comment(article=article, body="الأول", ip_address="2001:db8::1", status=PENDING)
    make_comment(article=article, body="الثاني", ip_address="198.51.100.1", status=PENDING)
    html = queue(client, q=term)
    assert shown in html and hidden not in html


@pytest.mark.parametrize(
    "term",
    ["a & b", "!!", "'):*", "\\", "'", "(كلب | !قطة", "قطة:*", "<->", "fe80::1%eth0",
     "x" * 3000],
    ids=["and", "not", "quote-paren-prefix", "backslash", "quote", "operators", "prefix-label",
         "phrase", "ipv6-zone", "too-long"],
)  # fmt: skip
def test_search_with_query_syntax_answers_normally_and_matches_nothing_extra(
    client, editor, article, term
):
    make_comment(article=article, body="شكرا", status=PENDING)
    response = client.get(QUEUE, {"q": term})
    assert response.status_code == 200
    assert "شكرا" not in response.content.decode()


def test_search_with_no_match_shows_nothing(client, editor, article):
    make_comment(article=article, body="شكرا", status=PENDING)
    assert "شكرا" not in queue(client, q="قطة")


# Bulk actions --------------------------------------------------------------------------------


def test_bulk_approve_records_one_event_per_comment_and_updates_counts(client, editor, article):
    held = [make_comment(article=article, status=PENDING) for _ in range(3)]
    response = run_action(client, "approve_comments", held)
    assert response.status_code == 302
    assert statuses(*held) == ["approved"] * 3
    events = ModerationEvent.objects.filter(comment__in=held)
    assert {(e.actor, e.source, e.from_status, e.to_status) for e in events} == {
        (editor, "admin", "pending", "approved")
    }
    assert events.count() == 3
    article.refresh_from_db()
    assert article.approved_comment_count == 3


@pytest.mark.parametrize(
    "action, status", [("mark_spam", "spam"), ("restore_to_pending", "pending")]
)
def test_bulk_spam_and_back_to_the_queue(client, editor, article, action, status):
    chosen = [make_comment(article=article), make_comment(article=article)]
    run_action(client, action, chosen)
    assert statuses(*chosen) == [status, status]
    article.refresh_from_db()
    assert article.approved_comment_count == 0


def _decision_queries(client, size: int, article) -> list[str]:
    chosen = [make_comment(article=article, status=PENDING) for _ in range(size)]
    with CaptureQueriesContext(connection) as captured:
        run_action(client, "approve_comments", chosen, query="")
    assert statuses(*chosen) == ["approved"] * size
    return [q["sql"] for q in captured.captured_queries]


def test_bulk_decision_takes_one_update_whatever_the_selection_size(client, editor, section):
    one = _decision_queries(client, 1, make_article(section=section))
    hundred = _decision_queries(client, 100, make_article(section=section))
    assert len(one) == len(hundred)
    updates = [sql for sql in hundred if sql.startswith('UPDATE "comments_comment"')]
    assert len(updates) == 1


def test_remove_asks_for_a_reason_first(client, editor, article):
    chosen = make_comment(article=article, status=PENDING, body="نص مسيء")
    response = run_action(client, "remove_comments", [chosen], query="")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="reason"' in html and 'value="hate_speech"' in html and "نص مسيء" in html
    assert statuses(chosen) == ["pending"]


def test_remove_with_reason_and_note_removes_and_records_them(client, editor, article):
    chosen = [make_comment(article=article), make_comment(article=article)]
    run_action(
        client, "remove_comments", chosen, post="yes", reason="hate_speech", note="تحريض واضح"
    )
    assert statuses(*chosen) == ["removed", "removed"]
    event = ModerationEvent.objects.filter(comment=chosen[0]).latest("pk")
    assert (event.reason, event.note, event.actor) == ("hate_speech", "تحريض واضح", editor)
    article.refresh_from_db()
    assert article.approved_comment_count == 0


def test_remove_without_a_reason_changes_nothing(client, editor, article):
    chosen = make_comment(article=article)
    response = run_action(client, "remove_comments", [chosen], post="yes", reason="")
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert statuses(chosen) == ["approved"]


# One-click row buttons ------------------------------------------------------------------------


def test_rows_carry_post_buttons_not_links(client, editor, article):
    held = make_comment(article=article, status=PENDING)
    html = queue(client)
    approve = reverse("admin:comments_comment_decide", args=[held.pk, "approve"])
    assert f'formaction="{approve}" formmethod="post"' in html
    assert f'href="{approve}"' not in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_row_approve_button_approves_and_returns_to_the_queue(client, editor, article):
    held = make_comment(article=article, status=PENDING)
    url = reverse("admin:comments_comment_decide", args=[held.pk, "approve"])
    response = client.post(url, HTTP_REFERER=f"http://testserver{QUEUE}?q=x")
    assert response.status_code == 302 and response["Location"].endswith(f"{QUEUE}?q=x")
    assert statuses(held) == ["approved"]


def test_row_remove_button_uses_the_rows_reason(client, editor, article):
    shown = make_comment(article=article)
    url = reverse("admin:comments_comment_decide", args=[shown.pk, "remove"])
    client.post(url, {f"reason-{shown.pk}": "off_topic"})
    assert statuses(shown) == ["removed"]
    assert ModerationEvent.objects.filter(comment=shown).latest("pk").reason == "off_topic"


def test_reject_is_the_pipelines_word_not_a_row_decision(client, editor, article):
    shown = make_comment(article=article)
    url = reverse("admin:comments_comment_decide", args=[shown.pk, "reject"])
    assert client.post(url, {f"reason-{shown.pk}": "off_topic"}).status_code == 404
    assert statuses(shown) == ["approved"]


def test_row_buttons_refuse_get_and_foreign_redirects(client, editor, article):
    held = make_comment(article=article, status=PENDING)
    url = reverse("admin:comments_comment_decide", args=[held.pk, "approve"])
    assert client.get(url).status_code == 405
    response = client.post(url, HTTP_REFERER="https://evil.example/")
    assert response["Location"] == QUEUE


def test_the_queue_count_stops_at_the_cap(article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments.admin.paginator import CappedCountPaginator

    for _ in range(5):
        make_comment(article=article, status=PENDING)

    class SmallCap(CappedCountPaginator):
        cap = 3

    with CaptureQueriesContext(connection) as counted:
        paginator = SmallCap(Comment.objects.pending().order_by("created_at", "pk"), 2)
        assert paginator.count == 4 and paginator.num_pages == 2
    sql = counted.captured_queries[0]["sql"].upper()
    assert "LIMIT" in sql
    assert "ORDER BY" not in sql  # which rows are counted doesn't matter, so nothing is sorted
