"""What the captured SQL of a request touched."""

import re

from django.test.utils import CaptureQueriesContext

# Quoted by the ORM, bare in the page's plain SQL; not comments_commentreport, another table.
COMMENTS_TABLE = re.compile(r"\bcomments_comment\b")


def reads_comments(captured: CaptureQueriesContext) -> bool:
    """Whether any captured query read the comments table."""
    return any(COMMENTS_TABLE.search(query["sql"]) for query in captured.captured_queries)
