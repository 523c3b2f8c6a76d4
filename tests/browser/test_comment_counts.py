"""Any page fills its data-newsroom-count elements with one request to the counts endpoint."""

import pytest
from django.utils import translation

from articles.counts import comment_count_label
from articles.models import Article
from articles.selectors import related_links
from tests.factories import make_comments_bulk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNTS_PATH = "/api/v1/comment-counts/"
FILLED = (
    "id => document.querySelector(`[data-newsroom-count][data-article-id='${id}']`).textContent"
)


def test_related_articles_show_their_counts_filled_in_one_request(new_context, demo):
    related = [link.pk for link in related_links(demo["article"])]
    busy = related[0]
    make_comments_bulk(article=Article.objects.get(pk=busy), count=3)
    Article.objects.filter(pk=busy).update(approved_comment_count=3)
    page = new_context().new_page()
    asked: list[str] = []
    page.on("request", lambda request: COUNTS_PATH in request.url and asked.append(request.url))
    page.goto(demo["url"])
    page.wait_for_function(f"id => ({FILLED})(id) !== ''", arg=busy)
    assert page.evaluate(FILLED, busy) == "٣ تعليقات"
    for pk in related[1:]:
        count = Article.objects.get(pk=pk).approved_comment_count
        with translation.override("ar"):
            assert page.evaluate(FILLED, pk) == comment_count_label(count)
    assert len(asked) == 1
    assert asked[0].endswith("?articles=" + "%2C".join(str(pk) for pk in related))
