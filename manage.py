#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import secrets
import sys


def main() -> None:
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    # Commands such as makemigrations or migrate sign nothing, so they run without a configured
    # secret: a random one per process, which nothing can come to depend on. The servers
    # (wsgi, asgi, the Celery worker) still refuse to start without SECRET_KEY.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
