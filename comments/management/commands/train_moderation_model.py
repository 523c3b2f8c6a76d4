"""Train a new version of the abuse model and make it current in every app process."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from comments.models import RiskModelVersion
from comments.risk.corpus import LabelledFileError
from comments.risk.model import TrainingDataError
from comments.services.risk import risk_model_default_store, risk_model_version_train


class Command(BaseCommand):
    help = (
        "Train the abuse model on MPOLD (the prior), the site's decisions and labelled files "
        "(lines 'label<TAB>text', 1 abusive, 0 clean), and store it as the current version."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--from-decisions",
            action="store_true",
            help="Learn from the editors' decisions on this site's comments.",
        )
        parser.add_argument(
            "--from-file",
            nargs="+",
            default=[],
            type=Path,
            metavar="FILE",
            help="Learn from labelled files: 'label<TAB>text' lines.",
        )
        parser.add_argument(
            "--no-prior", action="store_true", help="Leave out the vendored MPOLD corpus."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing if a version is stored; else store the default.",
        )

    def handle(self, *args, from_decisions: bool, from_file: list[Path], no_prior: bool,
               if_missing: bool, **options) -> None:  # fmt: skip
        if if_missing and RiskModelVersion.objects.exists():
            self.stdout.write(_("An abuse model is already stored; nothing to do."))
            return
        missing = [str(path) for path in from_file if not path.is_file()]
        if missing:
            raise CommandError(_("No such file: %(files)s") % {"files": ", ".join(missing)})
        try:
            version = self._train(from_decisions, from_file, prior=not no_prior)
        except (LabelledFileError, TrainingDataError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Cannot train the abuse model: %(error)s") % {"error": error}
            ) from error
        self.stdout.write(self._summary(version))

    def _train(self, from_decisions: bool, files: list[Path], *, prior: bool) -> RiskModelVersion:
        if prior and not from_decisions and not files:
            return risk_model_default_store()  # the same model the vendored files always give
        return risk_model_version_train(from_decisions=from_decisions, files=files, prior=prior)

    def _summary(self, version: RiskModelVersion) -> str:
        auc = version.metrics.get("auc")
        return _(
            "Stored abuse model version %(id)s: %(n)s examples, %(positives)s abusive, "
            "cross-validated ROC AUC %(auc)s."
        ) % {"id": version.pk, "n": version.training_size, "positives": version.positives,
             "auc": f"{auc:.3f}" if auc is not None else "-"}  # fmt: skip
