"""The database wrapper Django loads for ``ENGINE = "reeldb.sqlite"``."""

from django.db.backends.sqlite3 import base

from reeldb.sqlite.schema import DatabaseSchemaEditor


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
