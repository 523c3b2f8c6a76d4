"""Export sections, articles and comments as JSON lines, every field, for backups.

Each line is one object in Django's serialization shape ({"model", "pk", "fields"}), so
``manage.py loaddata backup.jsonl`` reads it back. Times keep their microseconds.
"""

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import TextIO

from django.db.models import Model

from articles.models import Section
from comments.exporters.scope import PERSONAL_FIELDS, export_scope
from comments.moderation import reasons_without_personal_data

CHUNK_SIZE = 2000


def _default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _line(obj: Model, *, personal_data: bool) -> str:
    leave_out = () if personal_data else PERSONAL_FIELDS
    fields = {
        field.name: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.name not in leave_out
    }
    if not personal_data and "moderation_reasons" in fields:  # they may name the email or IP
        fields["moderation_reasons"] = reasons_without_personal_data(fields["moderation_reasons"])
    record = {"model": obj._meta.label_lower, "pk": obj.pk, "fields": fields}
    return json.dumps(record, ensure_ascii=False, default=_default) + "\n"


def _write(out: TextIO, objects: Iterable[Model], *, personal_data: bool = True) -> None:
    out.writelines(_line(obj, personal_data=personal_data) for obj in objects)


def comments_export_jsonl(
    *, out: TextIO, article_id: int | None = None, since: datetime | None = None,
    personal_data: bool = True,
) -> None:  # fmt: skip
    """Write the sections, articles and comments in scope, one JSON object per line."""
    articles, comments = export_scope(article_id=article_id, since=since)
    sections = Section.objects.filter(pk__in=articles.values("section_id")).order_by("pk")
    _write(out, sections.iterator(chunk_size=CHUNK_SIZE))
    _write(out, articles.iterator(chunk_size=CHUNK_SIZE))
    _write(out, comments.iterator(chunk_size=CHUNK_SIZE), personal_data=personal_data)
