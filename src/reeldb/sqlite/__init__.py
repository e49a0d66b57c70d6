"""reeldb's SQLite database backend: Django's, with a schema editor that scales to a full catalogue.

``settings.DATABASES`` names it (``ENGINE = "reeldb.sqlite"``) whenever the
database is SQLite. See ``schema.DatabaseSchemaEditor`` for the one change.
"""
