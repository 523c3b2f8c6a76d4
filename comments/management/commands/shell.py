"""Django's shell without the count of its automatic imports: operators read what it prints."""

from django.core.management.commands import shell


class Command(shell.Command):
    def get_namespace(self, **options):
        """Import the models as Django does; list them only when asked with -v 2."""
        if options.get("verbosity") == 1:
            options["verbosity"] = 0
        return super().get_namespace(**options)
