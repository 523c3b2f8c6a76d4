"""The task queue: Celery on Redis in production, run in-process when no broker is configured."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks of the project frame itself (newsroom is not an app, so autodiscovery does not see it).
app.conf.imports = ("newsroom.edge_cache",)
