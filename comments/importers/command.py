"""What the import commands share: run the import, print the report, explain a refusal."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from comments.importers.report import ImportReport
from comments.importers.run import ImportStopped
from comments.importers.xmlstream import ImportFileError


def describe_fault(error: ImportFileError) -> str:
    """Say what is wrong with the file and where, for the operator."""
    if error.line is None:
        return error.message
    return _("%(message)s at line %(line)s, column %(column)s") % {
        "message": error.message,
        "line": error.line,
        "column": error.column,
    }


def _describe_stop(cause: BaseException) -> str:
    if isinstance(cause, ImportFileError):
        return describe_fault(cause)
    if isinstance(cause, KeyboardInterrupt):
        return _("interrupted")
    return str(cause)


def import_command(command: BaseCommand, run: Callable[[], ImportReport]) -> None:
    """Run an import and print its report; turn a refusal or a stop into a CommandError."""
    try:
        report = run()
    except ImportFileError as error:
        raise CommandError(
            _("Refused: %(fault)s. Nothing was imported.") % {"fault": describe_fault(error)}
        ) from error
    except ImportStopped as stop:
        command.stdout.write("\n".join(stop.report.lines()))
        raise CommandError(
            _(
                "The import stopped: %(cause)s. What is listed above was written; "
                "run the same command again to resume."
            )
            % {"cause": _describe_stop(stop.cause)}
        ) from stop
    command.stdout.write("\n".join(report.lines()))
