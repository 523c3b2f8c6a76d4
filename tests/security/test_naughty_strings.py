"""The Big List of Naughty Strings in every field of the form and the API: never a server error."""

import json
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client

from articles.models import Article
from comments.models import Comment
from comments.services.decisions import comments_set_status
from comments.text import strip_invisible
from tests.factories import make_article
from tests.security.conftest import module_data
from tests.security.corpora import naughty_strings
from tests.security.html_checks import parse, reader_html_problems
from tests.security.posting import API_COMMENTS_URL, open_the_gates, post_api, post_form

pytestmark = pytest.mark.django_db
ACCEPTED = {"form": 302, "api": 201}
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Outcome:
    """Valid comments land on article; refused posts and hostile queries hit the empty quiet one."""

    article: Article
    quiet: Article
    # (path, naughty string) -> status code of the post carrying it in name and body
    as_text: dict[tuple[str, str], int] = field(default_factory=dict)
    # (path, naughty string) -> status code of the post carrying it in every other field
    elsewhere: dict[tuple[str, str], int] = field(default_factory=dict)


def _other_fields(path: str, naughty: str) -> dict[str, str]:
    fields = {"email": naughty, "url": naughty, "parent": naughty, "notify_replies": naughty}
    if path == "form":
        fields |= {"timestamp": naughty, "homepage": naughty, "remember": naughty}
    return fields


@pytest.fixture(scope="module")
def outcome(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        open_the_gates()
        result = Outcome(article=make_article(title="سلاسل مشاغبة"), quiet=make_article())
        client = Client(raise_request_exception=False)
        for path, poster in (("form", post_form), ("api", post_api)):
            for n, naughty in enumerate(naughty_strings()):
                response = poster(client, result.article, name=naughty, body=naughty)
                result.as_text[path, naughty] = response.status_code
                other = _other_fields(path, naughty)
                response = poster(client, result.quiet, body=f"تعليق رقم {n}", **other)
                result.elsewhere[path, naughty] = response.status_code
        pending = Comment.objects.filter(article=result.article).exclude(status="approved")
        comments_set_status(ids=list(pending.values_list("pk", flat=True)), to_status="approved",
                            actor=None, source="admin")  # fmt: skip
        yield result


def expected_storage(naughty: str) -> str:
    """Return the text as stored: bidi and zero-width controls removed, outer whitespace trimmed."""
    return strip_invisible(naughty).strip()


def test_no_naughty_string_in_any_field_causes_a_server_error(outcome):
    failures = {key: code for key, code in outcome.as_text.items() if code >= 500}
    failures |= {key: code for key, code in outcome.elsewhere.items() if code >= 500}
    assert failures == {}


def test_a_naughty_string_is_refused_only_when_it_is_not_a_valid_name_or_comment(outcome):
    refused = [
        (path, naughty, code)
        for (path, naughty), code in outcome.as_text.items()
        if code != ACCEPTED[path]
        and expected_storage(naughty)
        and "\x00" not in naughty
        and len(naughty.strip()) <= 100
        and len(naughty.strip().splitlines()) == 1  # a name is one line (str.splitlines' breaks)
    ]
    assert refused == []


def test_every_accepted_string_is_stored_exactly_as_typed(outcome):
    accepted = {naughty for (_path, naughty), code in outcome.as_text.items() if code < 400}
    stored = Comment.objects.filter(article=outcome.article).values_list("name", "body")
    by_name = dict(stored)
    missing = [n for n in accepted if by_name.get(expected_storage(n)) != expected_storage(n)]
    assert missing == []


def test_the_form_and_the_api_accept_the_same_strings(outcome):
    def accepted(path: str) -> set[str]:
        return {n for (p, n), code in outcome.as_text.items() if p == path and code == ACCEPTED[p]}

    assert accepted("form") == accepted("api")


@pytest.fixture(scope="module")
def page(outcome):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.COMMENTS_PER_PAGE", 10_000)
        response = Client().get(outcome.article.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content)


def _as_parsed(text: str) -> str:
    # An HTML parser turns CR LF and lone CR into LF in every text node.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _as_body_shown(text: str) -> str:
    """Return a plain-text body as the sanitizer shows it: C0 controls but tab/newline as "?"."""
    return "".join(CONTROLS.sub("?", _as_parsed(text)).split())


def test_names_are_shown_as_the_exact_text_typed(outcome, page):
    shown = {_as_parsed(bdi.get_text()) for bdi in page.select("#comments .nr-comment-author bdi")}
    names = Comment.objects.filter(article=outcome.article).values_list("name", flat=True)
    assert {n for n in names if _as_parsed(n) not in shown} == set()


def test_plain_text_bodies_are_shown_as_typed_and_markup_is_inert(outcome, page):
    shown = {"".join(div.get_text().split()) for div in page.select("#comments .nr-comment-body")}
    plain = Comment.objects.filter(article=outcome.article).exclude(body__contains="<")
    plain = plain.exclude(body__contains="&").values_list("body", flat=True)
    assert {b for b in plain if _as_body_shown(b) not in shown} == set()
    problems = [
        p for div in page.select("#comments .nr-comment-body") for p in reader_html_problems(div)
    ]
    assert problems == []


@pytest.mark.parametrize(
    "payload",
    [
        {"name": ["x"], "email": "a@example.com", "body": {"a": 1}},
        {"name": "x", "email": None, "body": "نص", "parent": "1e400"},
        {"name": "x", "email": "a@example.com", "body": "نص", "parent": 2**70},
        {"name": "x", "email": "a@example.com", "body": "نص", "url": ["https://example.com"]},
        [1, 2, 3],
        "just a string",
    ],
)
def test_wrong_json_types_are_a_clean_400(client, article, payload):
    response = client.post(
        API_COMMENTS_URL.format(article_id=article.pk), data=json.dumps(payload),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


@pytest.fixture(scope="module")
def query_outcome(outcome):
    """GET the article page and the API list with each naughty string in every query parameter."""
    client = Client(raise_request_exception=False)
    codes = {}
    api_url = API_COMMENTS_URL.format(article_id=outcome.quiet.pk)
    for naughty in naughty_strings():
        page = client.get(outcome.quiet.get_absolute_url(), {"cpage": naughty, "replyto": naughty})
        api = client.get(api_url, {"page_size": naughty, "cursor": naughty})
        codes[naughty] = (page.status_code, api.status_code)
    return codes


def test_no_naughty_query_parameter_causes_a_server_error(query_outcome):
    assert {n: codes for n, codes in query_outcome.items() if max(codes) >= 500} == {}


def test_a_body_that_is_not_json_is_a_clean_400(client, article):
    response = client.post(
        API_COMMENTS_URL.format(article_id=article.pk), data=b"\xff\xfe{not json",
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
