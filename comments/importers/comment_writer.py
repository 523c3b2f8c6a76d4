"""Write imported comments in bulk: threads resolved, audited, statuses synced when safe."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from comments import scoring
from comments.importers.records import CommentRecord
from comments.importers.report import ImportReport
from comments.models import BODY_MAX_LENGTH, Comment, ModerationEvent
from comments.services.build import ParentRef, comment_build, comments_store
from comments.services.events import StatusChange, event_record
from comments.text import cut_to_length

LOOKUP_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Placed(ParentRef):
    """A comment already in the database: where a reply goes, and on which article it must be."""

    article_id: int


def _chunks(keys: list[str]) -> list[list[str]]:
    return [keys[i : i + LOOKUP_CHUNK] for i in range(0, len(keys), LOOKUP_CHUNK)]


def _placed(sources: set[str]) -> dict[str, Placed]:
    found = {}
    for chunk in _chunks(sorted(sources)):
        rows = Comment.objects.filter(source__in=chunk).values_list(
            "source", "pk", "thread_id", "depth", "article_id"
        )
        found.update({source: Placed(*rest) for source, *rest in rows})
    return found


def _fitted(record: CommentRecord, report: ImportReport) -> str:
    """Return the record's body cut to what a comment holds; the report names each one cut."""
    body = cut_to_length(record.body, BODY_MAX_LENGTH)
    if body != record.body:
        report.cut_to_fit.append(record.source)
    return body


def _build(
    record: CommentRecord, article_id: int, parent: Placed | None, report: ImportReport
) -> Comment:
    body = _fitted(record, report)
    # Scored before the INSERT, as a post is: the risk-first queue orders imported pending
    # comments too, at no query beyond the model's version check (scoring.current_model).
    risk = scoring.comment_risk(name=record.name, body=body)
    return comment_build(
        article=article_id, parent=parent, name=record.name, email=record.email,
        url=record.url, body=body, status=record.status, kind=record.kind,
        created_at=record.created_at, ip=record.ip_address, source=record.source,
        risk=risk.score if risk else None, risk_terms=risk.terms if risk else (),
    )  # fmt: skip


class CommentWriter:
    """Create new comments parents first; hold replies whose parent has not arrived yet."""

    def __init__(self, *, article_pks: dict[str, int], origin: str) -> None:
        self.article_pks = article_pks
        self.origin = origin
        self.deferred: list[CommentRecord] = []

    def write(self, records: list[CommentRecord], report: ImportReport, *, final: bool) -> set[int]:
        """Write a batch; return the primary keys of the articles it touched."""
        batch = {r.source: r for r in [*self.deferred, *records]}
        self.deferred = []
        touched = self._sync_existing(batch, report)
        if batch:
            touched |= self._create(batch, report, final=final)
        return touched

    def _sync_existing(self, batch: dict[str, CommentRecord], report: ImportReport) -> set[int]:
        """Skip comments already here; follow a status change nobody here has overridden."""
        moderated_here = ModerationEvent.objects.filter(comment=OuterRef("pk")).exclude(
            source=ModerationEvent.Source.IMPORT
        )
        changes: dict[str, list[tuple[int, str]]] = {}
        touched = set()
        for chunk in _chunks(list(batch)):
            rows = (
                Comment.objects.filter(source__in=chunk)
                .annotate(moderated=Exists(moderated_here))
                .values_list("source", "pk", "status", "article_id", "moderated")
            )
            for source, pk, status, article_id, moderated in rows:
                wanted = batch.pop(source).status
                if status == wanted or moderated:
                    report.comments["skipped", status] += 1
                    continue
                changes.setdefault(wanted, []).append((pk, status))
                touched.add(article_id)
                report.comments["updated", wanted] += 1
        for to_status, rows in changes.items():
            Comment.objects.filter(pk__in=[pk for pk, _ in rows]).update(status=to_status)
            event_record(
                changes=(StatusChange(pk, to_status=to_status, from_status=status)
                         for pk, status in rows),
                reason=self.origin, source=ModerationEvent.Source.IMPORT,
            )  # fmt: skip
        return touched

    def _create(self, batch: dict[str, CommentRecord], report: ImportReport, *, final: bool):
        outside = {r.parent_source for r in batch.values() if r.parent_source} - set(batch)
        placed = _placed(outside)
        created: list[Comment] = []
        while batch:
            ready = self._ready(batch, placed, final=final)
            if not ready:
                break
            rows = comments_store(
                _build(
                    r, self.article_pks[r.article_source], placed.get(r.parent_source or ""), report
                )
                for r in ready
            )
            for record, row in zip(ready, rows, strict=True):
                del batch[record.source]
                placed[record.source] = Placed(row.pk, row.thread_id, row.depth, row.article_id)
                self._count(row, record, report)
            created += rows
        self.deferred = list(batch.values())
        event_record(
            changes=(StatusChange(c.pk, to_status=c.status) for c in created),
            reason=self.origin, source=ModerationEvent.Source.IMPORT,
        )  # fmt: skip
        return {c.article_id for c in created}

    def _ready(
        self, batch: dict[str, CommentRecord], placed: dict[str, Placed], *, final: bool
    ) -> list[CommentRecord]:
        """Return the records whose parent is written; at the end, free the ones left waiting."""
        ready = []
        for record in batch.values():
            parent = placed.get(record.parent_source or "")
            article_id = self.article_pks[record.article_source]
            if parent is not None and parent.article_id != article_id:
                record.parent_source, record.orphan = None, True
            if record.parent_source is None or parent is not None:
                ready.append(record)
        if ready or not final:
            return ready
        # Nothing can move: the remaining parents are missing from the file (or form a loop).
        waiting = [r for r in batch.values() if r.parent_source not in batch] or [
            next(iter(batch.values()))
        ]
        for record in waiting:
            record.parent_source, record.orphan = None, True
        return waiting

    def _count(self, row: Comment, record: CommentRecord, report: ImportReport) -> None:
        report.comments["created", row.status] += 1
        report.orphans += record.orphan
        if row.kind != Comment.Kind.COMMENT:
            report.pings += 1
        elif row.depth == 0:
            report.threads += 1
        report.deepest = max(report.deepest, row.depth)
