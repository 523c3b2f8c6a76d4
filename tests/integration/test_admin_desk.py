"""The moderation desk in the admin: cards, decisions with and without JavaScript, the count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, CommentReport, ModerationEvent
from comments.services.decisions import comments_set_status
from tests.factories import make_article, make_comment, make_editor, make_section, make_user

pytestmark = pytest.mark.django_db

DESK = reverse("admin:comments_comment_desk")
DECIDE = reverse("admin:comments_comment_desk_decide")
COUNT = reverse("admin:comments_comment_desk_count")
PENDING = Comment.Status.PENDING
JSON = {"HTTP_ACCEPT": "application/json"}


def desk(client, **params) -> str:
    response = client.get(DESK, params)
    assert response.status_code == 200
    return response.content.decode()


def decide(client, comments, decision: str, *, json: bool = True, follow: bool = False, **extra):
    data = {"decision": decision, "ids": [c.pk for c in comments], **extra}
    for c in comments:
        data.setdefault(f"seen-{c.pk}", c.status)
    return client.post(DECIDE, data, follow=follow, **(JSON if json else {}))


def status_of(comment) -> str:
    return Comment.objects.values_list("status", flat=True).get(pk=comment.pk)


# Who may open it ------------------------------------------------------------------------------


def test_an_editor_opens_the_desk(client, editor, article):
    make_comment(article=article, body="في-انتظار-المحرر", status=PENDING)
    assert "في-انتظار-المحرر" in desk(client)


def test_staff_without_the_moderate_permission_is_refused(client, article):
    client.force_login(make_user(permissions=("comments.view_comment",)))
    assert client.get(DESK).status_code == 403
    assert client.get(COUNT).status_code == 403
    comment = make_comment(article=article, status=PENDING)
    assert decide(client, [comment], "approve").status_code == 403
    assert status_of(comment) == PENDING


def test_a_user_outside_the_staff_is_sent_to_the_login(client, article):
    client.force_login(make_user(is_staff=False, groups=("Editors",)))
    response = client.get(DESK)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


# What a card shows --------------------------------------------------------------------------


def test_cards_are_newest_first_and_only_the_queue_by_default(client, editor, article):
    now = timezone.now()
    make_comment(
        article=article, body="الأقدم", status=PENDING, created_at=now - timedelta(hours=1)
    )
    make_comment(article=article, body="الأحدث", status=PENDING, created_at=now)
    make_comment(article=article, body="منشور-من-قبل")
    html = desk(client)
    assert html.index("الأحدث") < html.index("الأقدم")
    assert "منشور-من-قبل" not in html


def test_cards_can_be_riskiest_first_with_the_unscored_last(client, editor, article):
    now = timezone.now()
    for body, risk, minutes in (("بلا-درجة", None, 0), ("خطر-قليل", 0.2, 1), ("خطر-كبير", 0.9, 2)):
        comment = make_comment(article=article, body=body, status=PENDING,
                               created_at=now - timedelta(minutes=minutes))  # fmt: skip
        Comment.objects.filter(pk=comment.pk).update(risk=risk)
    html = desk(client, order="risk")
    assert html.index("خطر-كبير") < html.index("خطر-قليل") < html.index("بلا-درجة")
    assert '<option value="risk" selected>' in html
    newest = desk(client, order="anything-else")  # without a model the default: newest first
    assert newest.index("بلا-درجة") < newest.index("خطر-قليل") < newest.index("خطر-كبير")
    assert '<option value="newest" selected>' in newest


def _scored_queue(article) -> None:
    now = timezone.now()
    for body, risk, minutes in (("أحدث-بلا-درجة", None, 0), ("أقدم-خطر-كبير", 0.9, 5)):
        comment = make_comment(article=article, body=body, status=PENDING,
                               created_at=now - timedelta(minutes=minutes))  # fmt: skip
        Comment.objects.filter(pk=comment.pk).update(risk=risk)


def test_without_a_model_the_desk_opens_newest_first(client, editor, article):
    _scored_queue(article)
    html = desk(client)
    assert html.index("أحدث-بلا-درجة") < html.index("أقدم-خطر-كبير")
    assert '<option value="newest" selected>' in html


def test_with_a_model_the_desk_opens_riskiest_first(client, editor, article, risk_model):
    _scored_queue(article)
    html = desk(client)
    assert html.index("أقدم-خطر-كبير") < html.index("أحدث-بلا-درجة")
    assert '<option value="risk" selected>' in html
    newest = desk(client, order="newest")  # the editor may still ask for newest first
    assert newest.index("أحدث-بلا-درجة") < newest.index("أقدم-خطر-كبير")


def test_a_card_shows_the_whole_sanitized_comment_its_parent_article_and_reasons(client, editor):
    article = make_article(title="عنوان-المقال-هنا")
    parent = make_comment(article=article, body="التعليق-الأصلي")
    long_body = "كلمة " * 300 + "<script>alert(1)</script> النهاية-هنا"
    make_comment(
        article=article, parent=parent, body=long_body, status=PENDING,
        moderation_reasons=[{"code": "watch_word", "detail": "ممنوعة"},
                            {"code": "first_time", "detail": ""}],
    )  # fmt: skip
    html = desk(client)
    assert "النهاية-هنا" in html  # the whole body, not an excerpt
    assert "<script>alert(1)" not in html
    assert "التعليق-الأصلي" in html
    assert f'href="{article.get_absolute_url()}"' in html and "عنوان-المقال-هنا" in html
    assert "Watched word" in html and "First comment from this email" in html


def test_the_matched_words_are_highlighted_in_the_body_and_the_reason(client, editor, article):
    make_comment(
        article=article, body="هذا نصٌّ فيه والممنوعة وكلمة عادية", status=PENDING,
        moderation_reasons=[{"code": "blocked_word", "detail": "ممنوعة"}],
    )  # fmt: skip
    html = desk(client)
    assert "<mark>والممنوعة</mark>" in html
    assert "<mark>ممنوعة</mark>" in html
    assert "<mark>عادية</mark>" not in html


def test_history_and_reports_are_on_the_card(client, editor, article):
    for status in ("approved", "approved", "spam", "removed"):
        make_comment(article=article, email="regular@example.com", status=status)
    make_comment(article=article, ip_address="203.0.113.9", status="spam")
    held = make_comment(
        article=article, email="regular@example.com", ip_address="203.0.113.9", status=PENDING,
        report_count=2,
    )  # fmt: skip
    CommentReport.objects.create(comment=held, reporter_key="a", reason="abuse")
    CommentReport.objects.create(comment=held, reporter_key="b", reason="abuse")
    html = desk(client)
    assert "2 approved, 1 removed, 1 spam" in html  # by email
    assert "0 approved, 0 removed, 1 spam" in html  # by address
    assert "Abuse (2)" in html


def test_editors_notes_and_sanctions_in_force_are_on_every_card_of_the_commenter(
    client, editor, article
):
    from comments.services.commenters import (
        commenter_note_add,
        sanction_impose,
        sanction_lift,
    )

    first = make_comment(article=article, email="watched@example.com", status=PENDING)
    second = make_comment(article=article, email="watched@example.com", status=PENDING)
    same_network = make_comment(article=article, email="other@example.com", status=PENDING,
                                ip_address="198.51.100.7")  # fmt: skip
    stranger = make_comment(article=article, email="stranger@example.com", status=PENDING)
    commenter_note_add(email="Watched@Example.com", body="يكرر-الروابط", author=editor)
    sanction_impose(comment=first, kind="shadow_hold", duration="7d", reason="spam",
                    moderator=editor, note="سبب-الحجب")  # fmt: skip
    lifted = sanction_impose(comment=first, kind="suspend", duration="24h", reason="abuse",
                             moderator=editor)  # fmt: skip
    sanction_lift(sanction=lifted, moderator=editor)
    network_hold = make_comment(article=article, email="x@example.com", ip_address="198.51.100.7")
    sanction_impose(comment=network_hold, kind="suspend", duration="forever", reason="abuse",
                    moderator=editor, include_network=True)  # fmt: skip
    html = desk(client)

    def card_html(comment) -> str:
        start = html.index(f'id="card-{comment.pk}"')
        return html[start : html.index("</form>", start)]

    for card in (card_html(first), card_html(second)):
        assert "يكرر-الروابط" in card and editor.username in card
        assert "Shadow hold (Spam) until" in card and "سبب-الحجب" in card
        assert "Suspension" not in card  # the lifted one is over
    network_card = card_html(same_network)
    assert "Suspension (Abuse) for good" in network_card
    assert "198.51.100.7/32" in network_card and "يكرر-الروابط" not in network_card
    assert "nr-card-notes" not in card_html(stranger)
    assert "nr-card-sanctions" not in card_html(stranger)


def test_a_card_says_whether_the_commenters_address_was_ever_confirmed(client, editor, article):
    from tests.factories import make_verified_email

    make_verified_email("confirmed@example.com")
    confirmed = make_comment(article=article, email="confirmed@example.com", status=PENDING)
    typed = make_comment(article=article, email="typed@example.com", status=PENDING)
    html = desk(client)

    def head(comment) -> str:
        start = html.index(f'id="card-{comment.pk}"')
        return html[start : html.index("</header>", start)]

    assert "(address confirmed)" in head(confirmed)
    assert "(address never confirmed)" in head(typed)


def test_filters_by_section_article_status_reason_and_reported(client, editor):
    sport, politics = make_section(name="رياضة"), make_section(name="سياسة")
    a1, a2 = make_article(section=sport), make_article(section=politics)
    make_comment(article=a1, body="في-الرياضة", status=PENDING)
    make_comment(article=a2, body="في-السياسة", status=PENDING,
                 moderation_reasons=[{"code": "too_many_links", "detail": "3"}])  # fmt: skip
    make_comment(article=a2, body="مبلغ-عنه", status=PENDING, report_count=1)
    make_comment(article=a2, body="مزعج-مخزن", status="spam")
    assert "في-السياسة" not in desk(client, section=sport.pk)
    assert "في-الرياضة" not in desk(client, article=a2.pk)
    by_reason = desk(client, reason="too_many_links")
    assert "في-السياسة" in by_reason and "مبلغ-عنه" not in by_reason
    reported = desk(client, reported="yes")
    assert "مبلغ-عنه" in reported and "في-السياسة" not in reported
    assert "مزعج-مخزن" in desk(client, status="spam")
    assert "مزعج-مخزن" not in desk(client)
    assert "في-الرياضة" in desk(client, section="junk", reason="nope", status="nope")


# Deciding -----------------------------------------------------------------------------------


def test_a_decision_through_the_script_answers_json_and_is_audited(client, editor, article):
    comment = make_comment(article=article, status=PENDING)
    response = decide(client, [comment], "approve")
    assert response.status_code == 200
    answer = response.json()
    assert answer["moved"] == [comment.pk] and answer["conflicts"] == []
    assert answer["status"] == "approved" and "approved" in answer["message"]
    event = ModerationEvent.objects.filter(comment=comment, source="admin").get()
    assert (event.actor, event.from_status, event.to_status) == (editor, PENDING, "approved")
    article.refresh_from_db()
    assert article.approved_comment_count == 1


def test_remove_keeps_its_reason_and_spam_is_audited(client, editor, article):
    first, second = (make_comment(article=article, status=PENDING) for _ in range(2))
    decide(client, [first], "remove", reason="hate_speech")
    decide(client, [second], "spam")
    events = ModerationEvent.objects.filter(source="admin").order_by("pk")
    assert [(e.to_status, e.reason) for e in events] == [
        ("removed", "hate_speech"),
        ("spam", "spam"),
    ]


def test_a_bulk_decision_is_one_update(client, editor, article, django_assert_max_num_queries):
    comments = [make_comment(article=article, status=PENDING) for _ in range(30)]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        answer = decide(client, comments, "spam").json()
    assert sorted(answer["moved"]) == sorted(c.pk for c in comments)
    updates = [
        q for q in queries.captured_queries if q["sql"].startswith('UPDATE "comments_comment"')
    ]
    assert len(updates) == 1


def test_without_javascript_the_button_posts_and_comes_back_to_the_same_place(
    client, editor, article
):
    comments = [make_comment(article=article, status=PENDING) for _ in range(3)]
    back = f"{DESK}?article={article.pk}#card-{comments[0].pk}"
    response = decide(client, [comments[1]], "approve", json=False, next=back)
    assert response.status_code == 302 and response["Location"] == back
    assert status_of(comments[1]) == "approved"
    page = client.get(back).content.decode()
    assert "1 comment approved." in page
    assert f'id="card-{comments[1].pk}"' not in page


def test_the_no_javascript_form_names_the_next_card_to_come_back_to(client, editor, article):
    now = timezone.now()
    older = make_comment(article=article, status=PENDING, created_at=now - timedelta(minutes=1))
    newer = make_comment(article=article, status=PENDING, created_at=now)
    html = desk(client)
    assert f'value="{DESK}#card-{older.pk}"' in html  # the newer card's form returns to the older
    assert f'value="{DESK}#card-{newer.pk}"' in html


def test_a_redirect_elsewhere_is_refused(client, editor, article):
    comment = make_comment(article=article, status=PENDING)
    response = decide(client, [comment], "approve", json=False, next="https://evil.example/")
    assert response["Location"] == DESK


def test_a_bad_decision_is_a_clear_error_not_a_500(client, editor, article):
    comment = make_comment(article=article, status=PENDING)
    response = decide(client, [comment], "explode")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Choose a decision and at least one comment."
    response = client.post(DECIDE, {"decision": "approve", "ids": ["x", "1" * 40]}, **JSON)
    assert response.status_code == 400


def test_undo_is_a_decision_back_to_the_previous_status(client, editor, article):
    comment = make_comment(article=article, status=PENDING)
    decide(client, [comment], "remove", reason="abuse")
    answer = client.post(
        DECIDE, {"decision": "pending", "ids": [comment.pk], f"seen-{comment.pk}": "removed",
                 "undo": "1"}, **JSON,
    ).json()  # fmt: skip
    assert answer["moved"] == [comment.pk] and status_of(comment) == PENDING
    undo = ModerationEvent.objects.filter(comment=comment, source="admin").last()
    assert (undo.from_status, undo.to_status, undo.note) == (
        "removed",
        PENDING,
        "Undone on the desk",
    )


# Two editors ----------------------------------------------------------------------------------


def test_a_decision_on_a_comment_another_editor_decided_is_not_applied(client, editor, article):
    other = make_editor(username="salma")
    comment = make_comment(article=article, status=PENDING)
    comments_set_status(ids=[comment.pk], to_status="approved", actor=other, source="admin")
    response = decide(client, [comment], "spam", **{f"seen-{comment.pk}": PENDING})
    answer = response.json()
    assert answer["moved"] == []
    assert answer["conflicts"] == [
        {"id": comment.pk, "status": "approved", "by": "salma",
         "message": f"Comment {comment.pk} was already decided by salma (Approved): your decision"
                    " was not applied."}
    ]  # fmt: skip
    assert status_of(comment) == "approved"


def test_without_javascript_the_conflict_is_a_message(client, editor, article):
    other = make_editor(username="huda")
    comment = make_comment(article=article, status=PENDING)
    comments_set_status(ids=[comment.pk], to_status="removed", actor=other, source="admin")
    response = decide(client, [comment], "approve", json=False, follow=True,
                      **{f"seen-{comment.pk}": PENDING})  # fmt: skip
    assert "already decided by huda (Removed)" in response.content.decode()
    assert status_of(comment) == "removed"


# The live count ------------------------------------------------------------------------------


def test_the_count_answers_304_until_the_queue_changes(
    client, editor, article, django_capture_on_commit_callbacks
):
    comments = [make_comment(article=article, status=PENDING) for _ in range(3)]
    first = client.get(COUNT)
    assert first.status_code == 200 and first.json()["waiting"] == 3
    assert first.json()["label"] == "3 waiting"
    again = client.get(COUNT, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, comments[:1], "approve")
    changed = client.get(COUNT, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["waiting"] == 2
    assert changed["ETag"] != first["ETag"]


def test_the_304_reads_no_comments(client, editor, article, django_assert_max_num_queries):
    make_comment(article=article, status=PENDING)
    etag = client.get(COUNT)["ETag"]
    # The session, the user and the user's permissions (two), as on any admin page.
    with django_assert_max_num_queries(4) as queries:
        assert client.get(COUNT, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert not [q for q in queries.captured_queries if "comments_comment" in q["sql"]]


def test_the_admin_header_links_the_desk_with_the_live_count(client, editor):
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{DESK}"' in html and f'data-count-url="{COUNT}"' in html
    assert "js/queue-count.js" in html


def test_the_admin_header_shows_the_waiting_count_without_javascript(
    client, editor, article, django_capture_on_commit_callbacks
):
    waiting = [make_comment(article=article, status=PENDING) for _ in range(2)]
    span = f'data-count-url="{COUNT}">%s</span>'
    assert span % "2 waiting" in client.get(reverse("admin:index")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the queue's version is renewed
        comments_set_status(ids=[waiting[0].pk], to_status="approved", actor=editor,
                            source="admin")  # fmt: skip
    assert span % "1 waiting" in client.get(reverse("admin:index")).content.decode()


def test_the_header_counts_once_per_version_of_the_queue(client, editor, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_comment(article=article, status=PENDING)
    client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as second_page:
        html = client.get(reverse("admin:index")).content.decode()
    assert f'data-count-url="{COUNT}">1 waiting</span>' in html
    assert not [q for q in second_page if "comments_comment" in q["sql"]]


def test_the_header_has_no_desk_link_for_staff_who_do_not_moderate(client):
    client.force_login(make_user())
    assert COUNT not in client.get(reverse("admin:index")).content.decode()


# Queries --------------------------------------------------------------------------------------


def _pending_comments(count: int) -> None:
    sections = [make_section() for _ in range(3)]
    articles = [make_article(section=s) for s in sections]
    parent = make_comment(article=articles[0])
    from comments.services.build import comment_build, comments_store

    now = timezone.now()
    comments_store(
        comment_build(
            article=articles[i % 3], parent=parent if i % 3 == 0 else None,
            name=f"قارئ {i}", email=f"r{i % 7}@example.com", body=f"تعليق {i}",
            status=PENDING, created_at=now - timedelta(seconds=i), ip=f"192.0.2.{i % 11}",
            moderation_reasons=[{"code": "watch_word", "detail": "تعليق"}],
        )
        for i in range(count)
    )  # fmt: skip
    newest = Comment.objects.filter(status=PENDING).last()  # on the first page, so reports count
    Comment.objects.filter(pk=newest.pk).update(report_count=1)
    CommentReport.objects.create(comment=newest, reporter_key="k", reason="spam")
    _notes_and_sanctions(Comment.objects.filter(status=PENDING).order_by("-created_at")[:7])


def _notes_and_sanctions(comments) -> None:
    from comments.services.commenters import commenter_note_add, sanction_impose
    from tests.factories import make_verified_email

    editor = make_editor(username="notes-author")
    for comment in comments:
        commenter_note_add(email=comment.email, body=f"ملاحظة {comment.pk}", author=editor)
        make_verified_email(comment.email)
        sanction_impose(comment=comment, kind="shadow_hold", duration="7d", reason="spam",
                        moderator=editor, include_network=True)  # fmt: skip


@pytest.mark.parametrize("pending", [5, 500])
def test_the_desk_queries_are_bounded(client, editor, pending, django_assert_max_num_queries):
    _pending_comments(pending)
    # Session, user, permissions (2), whether a model is current (cached after), cards, waiting
    # count, history by email and by address, reports, notes, sanctions, confirmed addresses,
    # sections, the queue's articles (2): the same sixteen at 5 and at 500.
    with django_assert_max_num_queries(16):
        html = client.get(DESK).content.decode()
    assert html.count('class="nr-card"') == min(pending, 50)
    assert html.count('class="nr-card-notes"') == html.count('class="nr-card-sanctions"') > 0
    assert "(address confirmed)" in html


# Arabic -------------------------------------------------------------------------------------


def test_the_desk_is_arabic_and_right_to_left(client, editor, article):
    make_comment(article=article, status=PENDING)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
    html = desk(client)
    assert 'dir="rtl"' in html and "مكتب الإشراف" in html and "تعليق واحد في الانتظار" in html
    assert "Moderation desk" not in html and " waiting<" not in html


def test_the_arabic_actions_bar_is_translated(client, editor, comment):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
    html = client.get(reverse("admin:comments_comment_changelist"), {"status": "all"})
    html = html.content.decode()
    assert "- اختر إجراءً -" in html and ">تنفيذ</button>" in html
    assert "Select an option" not in html and ">Run<" not in html


def test_the_desk_learns_which_cards_another_editor_decided(client, editor, article):
    other = make_editor(username="nour")
    decided, waiting = (make_comment(article=article, status=PENDING) for _ in range(2))
    comments_set_status(ids=[decided.pk], to_status="spam", actor=other, source="admin")
    changes = reverse("admin:comments_comment_desk_changes")
    seen = f"{decided.pk}:pending,{waiting.pk}:pending,junk,:,{'9' * 40}:spam"
    answer = client.get(changes, {"seen": seen}).json()
    assert answer["changed"] == [
        {"id": decided.pk, "status": "spam", "by": "nour",
         "message": "Decided meanwhile by nour (Spam)."}
    ]  # fmt: skip
