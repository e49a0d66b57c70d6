"""Raw inserts of rows nothing points at: the fast path of every bulk write."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models


def insert_rows(rows: Iterable[models.Model]) -> None:
    """Insert unsaved rows that no other row points at, by model, with one prepared statement each.

    Their primary keys are not read back, which is what lets this skip the
    ORM's per-row compilation (``bulk_create`` spends most of a bulk load
    there): claims, source keys and facts need none. Rows must be validated,
    and the rows they point at saved, before they come here.
    """
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, group in by_model.items():
            fields = [field for field in model._meta.concrete_fields if not field.primary_key]
            columns = ", ".join(quote(field.column or field.attname) for field in fields)
            placeholders = ", ".join(["%s"] * len(fields))
            table = quote(model._meta.db_table)
            # Table and column names come from the models; values go as parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(
                sql,
                [
                    [
                        field.get_db_prep_save(field.pre_save(row, True), connection)
                        for field in fields
                    ]
                    for row in group
                ],
            )
