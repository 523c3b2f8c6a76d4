"""Measure the current abuse model on a newsroom's own labelled comments."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from comments import scoring
from comments.models import ModerationSettings
from comments.risk import metrics
from comments.risk.corpus import LabelledFileError, labelled_file_examples

JSON_KEYS = ("n", "positives", "auc", "threshold", "precision", "recall", "false_positive_rate",
             "ms_per_comment")  # fmt: skip


class Command(BaseCommand):
    help = (
        "Score a file of 'label<TAB>text' lines (1 abusive, 0 clean) with the current abuse "
        "model; print ROC AUC, and precision, recall and false positives at the site's threshold."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="End with one JSON object of the figures.")  # fmt: skip

    def handle(self, *args, file: Path, as_json: bool, **options) -> None:
        examples = self._examples(file)
        model = scoring.current_model()
        if model is None:
            raise CommandError(_("No abuse model is stored; run train_moderation_model first."))
        started = time.perf_counter()
        risks = [model.assess(example.text)[0] for example in examples]
        elapsed = time.perf_counter() - started
        threshold = ModerationSettings.current().risk_hold_threshold
        figures = metrics.summary([e.label for e in examples], risks, threshold)
        figures["ms_per_comment"] = 1000 * elapsed / len(examples)
        self._print(figures, as_json=as_json)

    def _examples(self, file: Path):
        if not file.is_file():
            raise CommandError(_("No such file: %(files)s") % {"files": file})
        try:
            examples = labelled_file_examples(file)
        except (LabelledFileError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        if not examples:
            raise CommandError(_("The file holds no labelled lines."))
        return examples

    def _print(self, figures: dict, *, as_json: bool) -> None:
        for key in JSON_KEYS:
            value = figures[key]
            self.stdout.write(f"{key:<20} {'-' if value is None else _number(value)}")
        if as_json:
            self.stdout.write(json.dumps({key: figures[key] for key in JSON_KEYS}))


def _number(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"
