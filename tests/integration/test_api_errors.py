"""Every API error, whatever its status, answers {"error": {"code", "message", "fields"}}."""

import pytest
from django.test import Client
from django.urls import include, path, reverse
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


class Boom(APIView):
    def get(self, request):
        raise RuntimeError("a bug")


class Fine(APIView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("api/boom/", Boom.as_view()),
    path("api/fine/", Fine.as_view()),
    path("", include("newsroom.urls")),
]


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def post_json(client, url, data, **kwargs):
    return client.post(url, data, content_type="application/json", **kwargs)


def test_400_names_the_fields(client, article):
    url = reverse("api:article-comments", args=[article.pk])
    error = assert_error_shape(post_json(client, url, {"name": "x"}), 400, "invalid")
    assert set(error["fields"]) == {"email", "body"}
    assert error["message"] == "بعض الحقول غير صالحة."


def test_400_for_malformed_json(client, article):
    url = reverse("api:article-comments", args=[article.pk])
    response = client.post(url, "{not json", content_type="application/json")
    assert_error_shape(response, 400, "parse_error")


def test_400_for_a_body_that_is_not_an_object(client, article):
    url = reverse("api:article-comments", args=[article.pk])
    response = client.post(url, "[1, 2]", content_type="application/json")
    assert_error_shape(response, 400, "invalid")


def test_401_without_a_token_and_with_a_bad_one(client):
    url = reverse("api:moderation-comments")
    assert_error_shape(client.get(url), 401, "not_authenticated")
    bad = client.get(url, headers={"Authorization": "Token 0000"})
    assert_error_shape(bad, 401, "authentication_failed")


def test_403_for_a_reader(client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=make_user(is_staff=False))
    response = client.get(
        reverse("api:moderation-comments"), headers={"Authorization": f"Token {token.key}"}
    )
    error = assert_error_shape(response, 403, "permission_denied")
    assert error["message"] == "مراجعة التعليقات مقصورة على المحررين."


def test_404_for_a_missing_object_and_an_unknown_address(client):
    assert_error_shape(client.get(reverse("api:article", args=[987654])), 404, "not_found")
    assert_error_shape(client.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error_shape(client.get("/api/v2/articles/"), 404, "not_found")


def test_405_for_a_method_not_allowed(client):
    response = client.delete(reverse("api:articles"))
    assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"]


def test_413_for_a_body_over_the_upload_limit(client, article, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    url = reverse("api:article-comments", args=[article.pk])
    body = {"name": "سلمى", "email": "s@example.com", "body": "ت" * 2000}
    assert_error_shape(post_json(client, url, body), 413, "payload_too_large")


def test_415_for_a_form_body(client, article):
    url = reverse("api:article-comments", args=[article.pk])
    response = client.post(url, {"name": "سلمى"})
    assert_error_shape(response, 415, "unsupported_media_type")


def test_422_for_a_reused_idempotency_key(client, article):
    url = reverse("api:article-comments", args=[article.pk])
    body = {"name": "سلمى", "email": "s@example.com", "body": "نص"}
    headers = {"Idempotency-Key": "key-1"}
    post_json(client, url, body, headers=headers)
    response = post_json(client, url, {**body, "body": "نص آخر"}, headers=headers)
    assert_error_shape(response, 422, "idempotency_key_reused")


def test_429_with_retry_after_when_throttled(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon_read": "1/min",
        },
    }
    client.get(reverse("api:sections"))
    response = client.get(reverse("api:sections"))
    assert_error_shape(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60


def test_500_is_logged_and_answered_in_the_shape(settings, caplog):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/api/boom/")
    error = assert_error_shape(response, 500, "server_error")
    assert "a bug" not in error["message"]
    assert any("a bug" in str(record.exc_info) for record in caplog.records if record.exc_info)


def test_500_is_re_raised_to_the_test_client_like_any_django_error(settings):
    settings.ROOT_URLCONF = __name__
    with pytest.raises(RuntimeError):
        Client().get("/api/boom/")


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_deeply_nested_json_is_a_400_not_a_server_error(who, caplog):
    article = make_article()
    path, headers = reverse("api:article-comments", args=[article.pk]), {}
    if who == "editor":
        token = Token.objects.create(user=make_user(groups=("Editors",)))
        path, headers = reverse("api:moderation-decisions"), {"Authorization": f"Token {token}"}
    body = "[" * 100_000 + "]" * 100_000
    with caplog.at_level("ERROR"):
        response = Client().post(path, body, content_type="application/json", headers=headers)
    error = assert_error_shape(response, 400, "parse_error")
    assert error["message"] in {
        "The JSON body is nested too deeply.",
        "بنية JSON متداخلة بعمق زائد.",
    }
    assert not [r for r in caplog.records if r.exc_info]  # no traceback logged
