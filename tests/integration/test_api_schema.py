"""The OpenAPI schema: valid, fully typed, honoured by every answer; the docs page works under CSP."""

import re

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from comments.models import Comment, ModerationSettings
from tests.factories import make_article, make_comment, make_editor, make_section

SCHEMA_PATH = "/api/schema/?format=json&lang=en"
EXAMPLES_PER_RUN = 12
# Not about the answers' shape: schema-valid data may still break a rule the schema cannot say
# (a reply's parent must be published), and DRF coerces some invalid input (a number into a
# text field, a bad page_size to the default) instead of refusing it.
LENIENCY_CHECKS = [positive_data_acceptance, negative_data_rejection]


# --- The schema itself -------------------------------------------------------------------------


@pytest.mark.django_db
def test_schema_validates_without_any_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")


def untyped(node, where: str = "") -> list[str]:
    """Return where the schema has a body or property with no type, ref or shape."""
    found = []
    if isinstance(node, dict):
        if "schema" in node and isinstance(node["schema"], dict):
            schema = node["schema"]
            if not ({"$ref", "type", "oneOf", "allOf", "anyOf"} & set(schema)):
                found.append(where)
        if node.get("type") == "object" and not (
            {"properties", "additionalProperties", "oneOf", "allOf"} & set(node)
        ):
            found.append(where)
        for key, value in node.items():
            found += untyped(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += untyped(value, f"{where}/{index}")
    return found


@pytest.mark.django_db
def test_every_body_and_answer_is_typed_and_errors_share_one_shape(client):
    schema = client.get(SCHEMA_PATH).json()
    assert untyped(schema["paths"]) == []
    assert untyped(schema["components"]["schemas"]) == []
    error_ref = "#/components/schemas/Error"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if status.startswith(("4", "5")):
                    content = answer["content"]["application/json"]["schema"]
                    assert content == {"$ref": error_ref}, (method, path, status)
            assert {"405", "500"} <= set(operation["responses"]), (method, path)


@pytest.mark.django_db
def test_schema_documents_idempotency_retry_after_and_token_auth(client):
    schema = client.get(SCHEMA_PATH).json()
    post = schema["paths"]["/api/v1/articles/{article_id}/comments/"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in post["parameters"]]
    assert {"201", "400", "403", "413", "415", "422", "429"} <= set(post["responses"])
    assert "Retry-After" in post["responses"]["429"]["headers"]
    queue = schema["paths"]["/api/v1/moderation/comments/"]["get"]
    assert queue["security"] == [{"tokenAuth": []}]
    assert {"401", "403"} <= set(queue["responses"])
    public = schema["components"]["schemas"]["Comment"]["properties"]
    assert "email" not in public and "ip_address" not in public


# --- The docs page -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_docs_page_runs_only_local_scripts_allowed_by_the_csp(client):
    response = client.get(reverse("api:docs"))
    html = response.content.decode()
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "unsafe-inline" not in policy
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag, tag
    sources = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert sources and all(src.startswith("/static/") for src in sources), sources
    for src in sources:
        assert client.get(src).status_code == 200, src
    assert '"/api/schema/' in html  # Swagger UI loads the schema from this site


# --- Schemathesis over the whole schema ---------------------------------------------------------


@pytest.fixture
def wsgi_requests_in_test_transaction():
    """Keep the test's transaction across raw WSGI requests, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db):
    """Real rows, so generated requests reach them and not only 404s."""
    ModerationSettings.objects.update(flood_seconds=0)
    article = make_article(section=make_section())
    root = make_comment(article=article)
    make_comment(article=article, parent=root)
    pending = make_comment(article=article, status=Comment.Status.PENDING)
    editor = make_editor()
    return {
        "article_id": article.pk,
        "comment_id": pending.pk if pending.pk % 2 else root.pk,
        "token": Token.objects.create(user=editor).key,
    }


@pytest.fixture
def api_schema(settings, api_data, wsgi_requests_in_test_transaction):
    """Load the schema from the app itself, with throttles out of the way."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], None
        ),
    }
    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())


def failures_of(operation, *, mode, path_parameters, headers) -> list[str]:
    """Fuzz one operation a bounded number of times; return what went wrong."""
    found: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(
        max_examples=EXAMPLES_PER_RUN, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
    )  # fmt: skip
    def check(case) -> None:
        try:
            case.call_and_validate(headers=headers, excluded_checks=LENIENCY_CHECKS)
        except (AssertionError, FailureGroup) as failure:
            found.append(f"{operation.label} ({mode}): {failure}")

    try:
        check()
    except Unsatisfiable:  # nothing in this operation can be made invalid (no input at all)
        assert mode == GenerationMode.NEGATIVE
    return found


def test_every_operation_answers_as_its_schema_says(api_schema, api_data):
    headers = {"Authorization": f"Token {api_data['token']}"}
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 11
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        real_ids = {name: api_data[name] for name in names}
        variants = [None, real_ids] if names else [None]
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for path_parameters in variants:
                failures += failures_of(
                    operation, mode=mode, path_parameters=path_parameters, headers=headers
                )
    assert failures == [], "\n\n".join(failures[:5])
