"""Training the abuse model on the newsroom's own decisions, and storing each version."""

from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from comments import scoring
from comments.models import Comment, ModerationEvent, ModerationSettings, RiskModelVersion
from comments.risk.corpus import Example, labelled_file_examples, mpold_examples
from comments.risk.default import default_model_bytes
from comments.risk.features import comment_text
from comments.risk.model import risk_model_train
from comments.risk.storage import model_from_bytes, model_to_bytes

Reason = ModerationEvent.RemovalReason
ABUSE_REASONS = (Reason.ABUSE, Reason.HATE_SPEECH, Reason.ILLEGAL)
DECISIONS_USED = 20_000  # the most recent ones: old decisions say less about today's readers
REFUSED = (Comment.Status.REMOVED, Comment.Status.SPAM)


def decision_examples(limit: int = DECISIONS_USED) -> list[Example]:
    """Return the site's decided comments as examples: abusive if refused for abuse, else clean.

    Refused for abuse: removed or marked spam with an abuse-type reason, or refused on the site
    they were imported from (a WordPress trash or spam status). Approved comments are clean.
    """
    events = ModerationEvent.objects.filter(comment=OuterRef("pk"))
    abusive = Q(status__in=REFUSED) & (
        Exists(events.filter(reason__in=ABUSE_REASONS, to_status__in=REFUSED))
        | Exists(events.filter(source=ModerationEvent.Source.IMPORT))
    )
    rows = (
        Comment.objects.filter(kind=Comment.Kind.COMMENT)
        .filter(abusive | Q(status=Comment.Status.APPROVED))
        .annotate(abusive=ExpressionWrapper(abusive, output_field=BooleanField()))
        .order_by("-created_at", "-pk")
        .values_list("name", "body", "abusive")[:limit]
    )
    return [Example(comment_text(name, body), int(bad), "decisions") for name, body, bad in rows]


def _examples(*, from_decisions: bool, files: Iterable[Path], prior: bool) -> list[Example]:
    examples = mpold_examples() if prior else []
    for path in files:
        examples += labelled_file_examples(Path(path))
    if from_decisions:
        examples += decision_examples()
    return examples


def _sources(examples: list[Example]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for example in examples:
        key = "mpold" if example.group in ("Twitter", "YouTube", "Facebook") else example.group
        counts[key] = counts.get(key, 0) + 1
    return counts


def risk_model_version_train(
    *, from_decisions: bool = False, files: Iterable[Path] = (), prior: bool = True
) -> RiskModelVersion:
    """Train a new version on the chosen examples, store it, and make it current everywhere."""
    examples = _examples(from_decisions=from_decisions, files=files, prior=prior)
    model = risk_model_train([e.text for e in examples], [e.label for e in examples],
                             info={"sources": _sources(examples)})  # fmt: skip
    return _store(model_to_bytes(model), model.info)


def risk_model_default_store() -> RiskModelVersion:
    """Store the shipped default model (trained from MPOLD alone) as a version."""
    data = default_model_bytes()
    return _store(data, model_from_bytes(data).info)


def _store(data: bytes, info: dict) -> RiskModelVersion:
    with transaction.atomic():
        version = RiskModelVersion.objects.create(
            data=data, training_size=info["training_size"], positives=info["positives"],
            sources=info.get("sources", {}), metrics=info.get("cv", {}),
        )  # fmt: skip
        ModerationSettings.current()  # the row exists, so the update below lands
        ModerationSettings.objects.filter(pk=1).update(risk_model_version_id=version.pk)
        transaction.on_commit(lambda: scoring.announce_version(version.pk))
    return version
