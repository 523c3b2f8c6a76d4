"""Counts for lists: one query for up to 100 stories, refused clearly beyond, shared at the edge."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from comments.services.decisions import comments_set_status
from tests.factories import make_article, make_comment, make_comments_bulk
from tests.integration.test_edge_headers import purge_target  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = "/api/v1/comment-counts/"


def counts_of(response) -> dict[int, tuple[int, str]]:
    return {
        entry["article"]: (entry["count"], entry["label"]) for entry in response.json()["counts"]
    }


def test_counts_for_a_hundred_articles_in_one_query(section):
    articles = [make_article(section=section) for _ in range(100)]
    make_comments_bulk(article=articles[0], count=5)
    make_comment(article=articles[1])
    make_comment(article=articles[1], status=Comment.Status.PENDING)  # not counted
    ids = ",".join(str(article.pk) for article in articles)
    Article.objects.filter(pk=articles[0].pk).update(approved_comment_count=5)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(URL, {"articles": ids})
    assert response.status_code == 200
    assert len(queries.captured_queries) == 1
    counts = counts_of(response)
    assert [entry["article"] for entry in response.json()["counts"]] == [a.pk for a in articles]
    assert counts[articles[0].pk] == (5, "٥ تعليقات")
    assert counts[articles[1].pk] == (1, "تعليق واحد")
    assert counts[articles[2].pk] == (0, "لا توجد تعليقات")


def test_more_than_a_hundred_ids_is_a_clear_400(section):
    ids = ",".join(str(n) for n in range(1, 102))
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(URL, {"articles": ids})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["articles"] == ["اطلب 100 مقالاً على الأكثر في المرة الواحدة."]
    assert queries.captured_queries == []


@pytest.mark.parametrize(
    "ids",
    [
        "",
        "abc",
        "1,,2",
        "0",
        "-1",
        "1.5",
        "٣",
        "1;2",
        "99999999999999999999",
        "9223372036854775808",
    ],
)
def test_bad_ids_are_a_translated_400_never_a_500(ids):
    response = Client().get(URL, {"articles": ids})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["articles"] == [
        "اكتب أرقام المقالات أعداداً صحيحة موجبة تفصل بينها فواصل: 1,2,3."
    ]


def test_a_missing_list_is_a_400_and_english_follows_the_browser():
    response = Client().get(URL, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["articles"] == ["This field is required."]
    response = Client().get(URL, {"articles": "x"}, headers={"accept-language": "en"})
    assert response.json()["error"]["fields"]["articles"] == [
        "Give article ids as whole positive numbers separated by commas: 1,2,3."
    ]


def test_labels_follow_the_request_language(article):
    make_comments_bulk(article=article, count=2)
    Article.objects.filter(pk=article.pk).update(approved_comment_count=2)
    english = Client().get(URL, {"articles": article.pk}, headers={"accept-language": "en"})
    arabic = Client().get(URL, {"articles": article.pk}, headers={"accept-language": "ar"})
    assert counts_of(english)[article.pk] == (2, "2 comments")
    assert counts_of(arabic)[article.pk] == (2, "تعليقان")


def test_unpublished_and_unknown_articles_are_left_out(section):
    shown = make_article(section=section)
    draft = make_article(section=section, status=Article.Status.DRAFT)
    response = Client().get(URL, {"articles": f"{draft.pk},{shown.pk},{shown.pk},999999"})
    assert list(counts_of(response)) == [shown.pk]


def test_the_answer_is_shared_at_the_edge_under_each_article_key(section, settings):
    first, second = make_article(section=section), make_article(section=section)
    response = Client().get(URL, {"articles": f"{first.pk},{second.pk},424242"})
    control = response["Cache-Control"]
    assert "public" in control and f"s-maxage={settings.EDGE_CACHE_SECONDS}" in control
    assert set(response["xkey"].split()) == {
        "site", f"article-{first.pk}", f"article-{second.pk}", "article-424242"
    }  # fmt: skip
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary
    assert not response.cookies
    assert "ETag" in response
    again = Client().get(
        URL,
        {"articles": f"{first.pk},{second.pk},424242"},
        headers={"if-none-match": response["ETag"]},
    )
    assert again.status_code == 304


def test_an_approval_purges_the_counts_of_its_article(
    article,
    purge_target,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    answer = Client().get(URL, {"articles": article.pk})
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comments_set_status(ids=[comment.pk], to_status="approved", actor=None, source="admin")
    assert f"article-{article.pk}" in answer["xkey"].split()
    assert purge_target == [f"article-{article.pk}"]
    assert counts_of(Client().get(URL, {"articles": article.pk}))[article.pk][0] == 1


def test_the_schema_documents_the_endpoint(client):
    schema = client.get("/api/schema/?format=json&lang=en").json()
    operation = schema["paths"][URL]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    parameter = parameters["articles"]
    assert parameter["schema"]["maxItems"] == 100
    assert parameter["explode"] is False
    assert {"200", "400", "429"} <= set(operation["responses"])


# --- The lists show each story's count ---------------------------------------------------------


@pytest.mark.parametrize("where", ["home", "section"])
@pytest.mark.parametrize("comments", [5, 500])
def test_lists_show_each_count_in_bounded_queries(section, where, comments):
    busy, quiet = make_article(section=section), make_article(section=section)
    make_comments_bulk(article=busy, count=comments)
    Article.objects.filter(pk=busy.pk).update(approved_comment_count=comments)
    url = reverse("articles:home") if where == "home" else section.get_absolute_url()
    Client().get(url)  # the list's count of articles is cached after the first request
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    html = response.content.decode()
    label = {5: "٥ تعليقات", 500: "٥٠٠ تعليق"}[comments]
    assert f'{busy.get_absolute_url()}#comments">{label}</a>' in html
    assert f'{quiet.get_absolute_url()}#comments">لا توجد تعليقات</a>' in html
    assert len(queries.captured_queries) == {"home": 2, "section": 3}[where]
    assert {f"article-{busy.pk}", f"article-{quiet.pk}"} <= set(response["xkey"].split())
