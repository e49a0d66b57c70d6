"""A SQLite schema editor that checks foreign keys only where its migration rewrote rows.

Django's SQLite schema editor turns foreign-key enforcement off while it
works, then, on leaving, runs ``PRAGMA foreign_key_check`` over the whole
database. That check looks up the parent row of every foreign key in every
table: on a full-size catalogue (95 million credits, 55 million AKAs) it reads
hundreds of gigabytes, and an upgrade whose migration only adds an index or a
nullable column ran for hours inside ``reeldb init``.

The rows a schema change can leave pointing nowhere are the rows it copies:
SQLite cannot alter most columns in place, so Django rebuilds the table
(``_remake_table``). This editor records the tables it rebuilds and checks
those. Adding a nullable column, an index or a constraint copies no row and
checks nothing; a data migration (``RunPython``) that writes foreign keys
runs with enforcement off here as under Django's editor, and checks its own
rows.
"""

from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.sqlite3 import schema
from django.db.models import Field, Model


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def __enter__(self) -> "DatabaseSchemaEditor":
        self.rebuilt_tables: set[str] = set()
        super().__enter__()
        return self

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        # Django's own __exit__, with the check narrowed to the rebuilt tables.
        self.connection.check_constraints(table_names=sorted(self.rebuilt_tables))
        BaseDatabaseSchemaEditor.__exit__(self, exc_type, exc_value, traceback)
        self.connection.enable_constraint_checking()

    def _remake_table(
        self,
        model: type[Model],
        create_field: Field[Any, Any] | None = None,
        delete_field: Field[Any, Any] | None = None,
        alter_fields: list[tuple[Field[Any, Any], Field[Any, Any]]] | None = None,
    ) -> None:
        self.rebuilt_tables.add(model._meta.db_table)
        super()._remake_table(  # type: ignore[misc]  # private in the stubs, public in Django
            model, create_field=create_field, delete_field=delete_field, alter_fields=alter_fields
        )
