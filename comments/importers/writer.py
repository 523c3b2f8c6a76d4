"""Gather parsed records into batches and write each batch in one transaction."""

from django.db import transaction

from comments.importers.article_writer import ArticleWriter
from comments.importers.comment_writer import CommentWriter
from comments.importers.records import ArticleRecord, CommentRecord
from comments.importers.report import ImportReport
from comments.services.counts import approved_counts_refresh

DEFAULT_BATCH_SIZE = 500


def _merge(report: ImportReport, part: ImportReport) -> None:
    report.articles.update(part.articles)
    report.comments.update(part.comments)
    report.pings += part.pings
    report.threads += part.threads
    report.orphans += part.orphans
    report.deepest = max(report.deepest, part.deepest)
    report.cut_to_fit += part.cut_to_fit


class BatchWriter:
    """Collect articles and comments; flush them every batch_size records."""

    def __init__(self, *, report: ImportReport, origin: str, batch_size: int) -> None:
        self.report = report
        self.batch_size = batch_size
        self.articles = ArticleWriter()
        self.comments = CommentWriter(article_pks=self.articles.pks, origin=origin)
        self.article_batch: list[ArticleRecord] = []
        self.comment_batch: list[CommentRecord] = []

    def add_article(self, record: ArticleRecord) -> None:
        self.article_batch.append(record)
        self._flush_when_full()

    def add_comment(self, record: CommentRecord) -> None:
        self.comment_batch.append(record)
        self._flush_when_full()

    def _flush_when_full(self) -> None:
        if len(self.article_batch) + len(self.comment_batch) >= self.batch_size:
            self.flush()

    def flush(self, *, final: bool = False) -> None:
        """Write the batch atomically; the report counts it only once it is committed."""
        part = ImportReport()
        with transaction.atomic():
            self.articles.write(self.article_batch, part)
            touched = self.comments.write(self.comment_batch, part, final=final)
            approved_counts_refresh(article_ids=touched)
        _merge(self.report, part)
        self.article_batch, self.comment_batch = [], []

    def close(self) -> None:
        """Write what is left, letting replies whose parent never came start their own thread."""
        self.flush(final=True)
