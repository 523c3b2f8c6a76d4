"""How well the abuse model and each rule agree with the editors' decisions (read only).

A decided comment is one an editor (admin or API) approved, removed or marked spam. For the
model, abusive means refused with an abuse-type reason and clean means approved; other refusals
(off-topic, plain spam) say nothing about abuse and are left out. For a rule, a hold is wrong
when editors then approved the comment.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, Max, OuterRef, Q

from comments.models import Comment, ModerationEvent, RiskModelVersion
from comments.risk import metrics
from comments.services.risk import ABUSE_REASONS, REFUSED

WINDOWS_DAYS = (30, 90)
MISSES_SHOWN = 20
ROWS_READ = 50_000  # the newest decisions; enough for every figure on the page
EDITOR_SOURCES = (ModerationEvent.Source.ADMIN, ModerationEvent.Source.API)
MODEL_RULE = "likely_abusive"


@dataclass(frozen=True)
class Decided:
    pk: int
    body: str
    risk: float | None
    rules: frozenset[str]
    approved: bool
    abusive: bool
    decided_at: datetime


@dataclass
class WindowReport:
    days: int
    decided: int
    scored: int
    model: dict
    trade_off: list[dict]
    rules: list[dict]
    misses: list[Decided] = field(default_factory=list)


def decided_comments(*, since: datetime) -> list[Decided]:
    """Return the comments editors decided since then, each with its latest decision's date."""
    events = ModerationEvent.objects.filter(comment=OuterRef("pk"), source__in=EDITOR_SOURCES)
    refused_for_abuse = events.filter(reason__in=ABUSE_REASONS, to_status__in=REFUSED)
    rows = (
        Comment.objects.filter(status__in=(Comment.Status.APPROVED, *REFUSED))
        .annotate(
            decided_at=Max("events__created_at", filter=Q(events__source__in=EDITOR_SOURCES)),
            abusive=Exists(refused_for_abuse),
        )
        .filter(decided_at__gte=since)
        .order_by("-decided_at")
        .values_list("pk", "body", "risk", "moderation_reasons", "status", "abusive", "decided_at")
    )[:ROWS_READ]
    return [
        Decided(pk, body, risk, frozenset(r.get("code", "") for r in reasons or ()),
                status == Comment.Status.APPROVED, bool(abusive) and status in REFUSED, at)
        for pk, body, risk, reasons, status, abusive, at in rows
    ]  # fmt: skip


def window_report(decided: list[Decided], *, days: int, threshold: float) -> WindowReport:
    """Measure the model at the threshold, each rule, and list what the model missed."""
    judged = [d for d in decided if d.abusive or d.approved]
    scored = [d for d in judged if d.risk is not None]
    labels = [int(d.abusive) for d in scored]
    risks = [d.risk for d in scored]
    misses = [d for d in scored if d.abusive and d.risk < threshold]
    return WindowReport(
        days=days, decided=len(decided), scored=len(scored),
        model={**metrics.summary(labels, risks, threshold)},
        trade_off=metrics.trade_off(labels, risks), rules=rule_reports(decided),
        misses=sorted(misses, key=lambda d: d.risk)[:MISSES_SHOWN],
    )  # fmt: skip


def rule_reports(decided: list[Decided]) -> list[dict]:
    """Return, for each rule that held decided comments, how often editors agreed."""
    refused = [not d.approved for d in decided]
    codes = sorted({code for d in decided for code in d.rules} - {"", "low_risk"})
    return [
        {"code": code, **metrics.at_threshold(refused, [code in d.rules for d in decided])}
        for code in codes
    ]


def accuracy_reports(*, threshold: float, now: datetime) -> list[WindowReport]:
    """Return one report per window (30 and 90 days), from one read of the decisions."""
    decided = decided_comments(since=now - timedelta(days=max(WINDOWS_DAYS)))
    return [
        window_report(
            [d for d in decided if d.decided_at >= now - timedelta(days=days)],
            days=days,
            threshold=threshold,
        )
        for days in WINDOWS_DAYS
    ]


def current_version() -> RiskModelVersion | None:
    return RiskModelVersion.objects.defer("data").order_by("-pk").first()
