"""Build an article carrying every XSS vector, posted through the form and the API, then approved."""

from collections import Counter
from dataclasses import dataclass, field

from django.test import Client

from articles.models import Article
from comments.models import Comment
from comments.services.decisions import comments_set_status
from tests.factories import make_article, make_comment
from tests.security.corpora import Vector, xss_vectors
from tests.security.posting import open_the_gates, post_api, post_form

NAME_MAX = 100
URL_MAX = 300
BENIGN_URL = "https://example.org/benign"


@dataclass
class HostileArticle:
    """The form-posted comments live on article, the API-posted ones on api_article."""

    article: Article
    api_article: Article
    vectors: tuple[Vector, ...]
    statuses: dict[str, Counter] = field(default_factory=dict)
    refused: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def approved(self):
        return Comment.objects.public().filter(article=self.article)


def hostile_fields(payload: str) -> dict[str, str]:
    """Put one payload into the name, the body and (inside a valid http URL) the website."""
    squeezed = "".join(payload.split())
    one_line = " ".join(payload[:NAME_MAX].splitlines())  # a name with a line break is refused
    return {
        "name": one_line,
        "body": payload,
        "url": f"https://example.com/?q={squeezed}"[:URL_MAX],
    }


def _post_all(path: str, article: Article, result: HostileArticle) -> None:
    poster = post_form if path == "form" else post_api
    client = Client(raise_request_exception=False)
    counts: Counter = Counter()
    refused = []
    for vector in result.vectors:
        response = poster(client, article, **hostile_fields(vector.payload))
        counts[response.status_code] += 1
        if response.status_code not in (201, 302):
            refused.append((vector.payload, response.status_code))
    result.statuses[path] = counts
    result.refused[path] = refused


def _approve_everything(*articles: Article) -> None:
    hidden = Comment.objects.filter(article__in=articles).exclude(status=Comment.Status.APPROVED)
    comments_set_status(
        ids=list(hidden.values_list("pk", flat=True)), to_status=Comment.Status.APPROVED,
        actor=None, source="admin",
    )  # fmt: skip


def build_hostile_article(
    vectors: tuple[Vector, ...] | None = None, *, paths: tuple[str, ...] = ("form", "api")
) -> HostileArticle:
    """Post each vector through the form and through the API, approve all, return the articles."""
    open_the_gates()
    result = HostileArticle(
        article=make_article(title="مقال تحت الهجوم"),
        api_article=make_article(title="مقال تحت الهجوم عبر الواجهة البرمجية"),
        vectors=xss_vectors() if vectors is None else vectors,
    )
    # Benign comments give the template's own shape, with and without a website link.
    make_comment(article=result.article, name="قارئ لطيف", url=BENIGN_URL)
    make_comment(article=result.article, name="قارئة لطيفة")
    for path in paths:
        _post_all(path, result.article if path == "form" else result.api_article, result)
    _approve_everything(result.article, result.api_article)
    result.article.refresh_from_db()
    return result
