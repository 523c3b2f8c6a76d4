"""Drive an import: check the whole file, then write it batch by batch, then report."""

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from django.db import DatabaseError, transaction
from tqdm import tqdm

from comments.importers.records import ArticleRecord, CommentRecord
from comments.importers.report import ImportReport, peak_memory_bytes
from comments.importers.writer import BatchWriter
from comments.importers.xmlstream import ImportFileError

Reader = Callable[[BinaryIO, Callable[[int], object]], Iterator[ArticleRecord | CommentRecord]]


class ImportStopped(Exception):
    """The import stopped part way; the report lists what was written, and a rerun resumes."""

    def __init__(self, report: ImportReport, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.report = report
        self.cause = cause


class _RolledBack(Exception):
    pass


def progress_wanted(stream: TextIO = sys.stderr) -> bool:
    """Show a progress bar on a terminal, never in CI or when output is redirected."""
    return stream.isatty() and not os.environ.get("CI")


@contextmanager
def _writes(*, dry_run: bool) -> Iterator[None]:
    """Let writes through, or for a dry run, undo them all at the end."""
    if not dry_run:
        yield
        return
    try:
        with transaction.atomic():
            yield
            raise _RolledBack
    except _RolledBack:
        pass


def read_with_progress(
    path: Path, reader: Callable, *, label: str, progress: bool
) -> Iterator[ArticleRecord | CommentRecord]:
    """Open the file and run reader over it, with a progress bar counting bytes."""
    with (
        path.open("rb") as stream,
        tqdm(
            total=path.stat().st_size, desc=label, unit="B", unit_scale=True,
            disable=not progress, leave=False,
        ) as bar,
    ):  # fmt: skip
        yield from reader(stream, bar.update)


def import_run(
    *, path: Path, reader: Reader, origin: str, report: ImportReport, batch_size: int,
    dry_run: bool, progress: bool, started: float | None = None,
) -> ImportReport:  # fmt: skip
    """Write every record reader yields, in batches; raise ImportStopped if cut short."""
    started = time.monotonic() if started is None else started
    writer = BatchWriter(report=report, origin=origin, batch_size=batch_size)
    try:
        with _writes(dry_run=dry_run):
            for record in read_with_progress(path, reader, label=origin, progress=progress):
                if isinstance(record, ArticleRecord):
                    writer.add_article(record)
                else:
                    writer.add_comment(record)
            writer.close()
    except (ImportFileError, DatabaseError, KeyboardInterrupt) as error:
        _finish(report, started)
        raise ImportStopped(report, error) from error
    return _finish(report, started)


def _finish(report: ImportReport, started: float) -> ImportReport:
    report.seconds = time.monotonic() - started
    report.peak_memory = peak_memory_bytes()
    return report
