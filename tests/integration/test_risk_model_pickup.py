"""A version trained by another process reaches a running app process without a restart."""

import subprocess
import sys

import httpx

from tests.risk_fixtures import ABUSIVE_PROBE, write_labelled_file
from tests.servers import ROOT, app_server, base_environment, migrate, run_python

SEED = """
from tests.factories import make_article, make_comment, make_verified_email
from comments.models import ModerationSettings
ModerationSettings.objects.update_or_create(pk=1, defaults={"flood_seconds": 0})
article = make_article()
make_verified_email("regular@example.com")  # a regular: trust needs a confirmed address
make_comment(article=article, email="regular@example.com")
print(article.pk)
"""
STATUS = """
from comments.models import Comment
for c in Comment.objects.filter(body__startswith={body!r}).order_by("pk"):
    print(c.status, c.risk is not None)
"""


def api_post(base: str, article_id: int, body: str) -> int:
    payload = {"name": "قارئ", "email": "regular@example.com", "body": body}
    return httpx.post(f"{base}/api/v1/articles/{article_id}/comments/", json=payload,
                      timeout=30).status_code  # fmt: skip


def test_a_running_process_scores_with_the_version_another_process_trained(tmp_path):
    env = base_environment(f"sqlite:///{tmp_path / 'shared.sqlite3'}",
                           COMMENTS_RISK_CHECK_SECONDS="0", COMMENTS_RISK_CACHE_SECONDS="0",
                           THROTTLE_COMMENT_POST="100/min")  # fmt: skip
    migrate(env)
    article_id = int(run_python(SEED, env))
    with app_server(env) as base:
        assert api_post(base, article_id, f"{ABUSIVE_PROBE} قبل") == 201
        labelled = write_labelled_file(tmp_path / "labelled.tsv")
        subprocess.run(
            [sys.executable, "manage.py", "train_moderation_model", "--no-prior",
             "--from-file", str(labelled)],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        assert api_post(base, article_id, f"{ABUSIVE_PROBE} بعد") == 201
    before, after = (run_python(STATUS.format(body=f"{ABUSIVE_PROBE} {w}"), env).split()
                     for w in ("قبل", "بعد"))  # fmt: skip
    assert before == ["approved", "False"]
    assert after == ["pending", "True"]
