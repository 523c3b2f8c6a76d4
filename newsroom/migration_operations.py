"""Index operations that do not block writes on PostgreSQL, and stay plain on SQLite.

django.contrib.postgres's AddIndexConcurrently and RemoveIndexConcurrently fail on SQLite, which
is the embedded default. These choose by the connection's vendor when they run: CONCURRENTLY on
PostgreSQL (outside a transaction, so the migration sets atomic = False), a plain statement
elsewhere (SQLite builds an index in place; its writers are one process anyway).
"""

from django.db import NotSupportedError
from django.db.migrations.operations import AddIndex
from django.db.migrations.operations.base import Operation
from django.db.models import Index


def _concurrently(schema_editor) -> dict:
    if schema_editor.connection.vendor != "postgresql":
        return {}
    if schema_editor.connection.in_atomic_block:
        raise NotSupportedError("CONCURRENTLY cannot run in a transaction: set atomic = False")
    return {"concurrently": True}


class AddIndexWithoutLocking(AddIndex):
    """AddIndex, built CONCURRENTLY on PostgreSQL."""

    atomic = False

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, **_concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_concurrently(schema_editor))

    def describe(self) -> str:
        return f"Create index {self.index.name} on {self.model_name}, concurrently where possible"


class DropFieldIndexWithoutLocking(Operation):
    """Drop the index a field's db_index=True made (database only: pair it with an AlterField
    in SeparateDatabaseAndState), CONCURRENTLY on PostgreSQL; backwards, build it again."""

    atomic = False
    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, field_name: str) -> None:
        self.model_name, self.field_name = model_name, field_name

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name, self.field_name], {}

    def state_forwards(self, app_label, state) -> None:
        pass  # the AlterField beside it says db_index=False

    def _field_index(self, model, schema_editor) -> Index:
        column = model._meta.get_field(self.field_name).column
        # The name Django gave the index when db_index=True created it.
        name = schema_editor._create_index_name(model._meta.db_table, [column], suffix="")
        return Index(fields=[self.field_name], name=name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            name = schema_editor.quote_name(self._field_index(model, schema_editor).name)
            how = "CONCURRENTLY " if _concurrently(schema_editor) else ""
            schema_editor.execute(f"DROP INDEX {how}IF EXISTS {name}")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = self._field_index(model, schema_editor)
            schema_editor.add_index(model, index, **_concurrently(schema_editor))

    def describe(self) -> str:
        return f"Drop the db_index index of {self.model_name}.{self.field_name}, concurrently"
