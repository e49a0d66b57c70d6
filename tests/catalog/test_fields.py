"""The catalogue's own model fields: what each column is on each database."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from reeldb.catalog.models import Credit
from tests.catalog.factories import CreditFactory


def declared_column(table: str, column: str) -> tuple[str, str]:
    """Return ``(type, collation)`` of ``table.column`` as the database declares them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT data_type, COALESCE(collation_name, 'default') "
                "FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                [table, column],
            )
            found = cursor.fetchone()
            return str(found[0]), str(found[1])
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        definition = re.search(rf'"{column}" ([^,]*)', cursor.fetchone()[0])
        assert definition is not None
        collation = re.search(r"COLLATE (\S+)", definition.group(1))
        column_type = re.sub(r"\(.*", "", definition.group(1).split()[0]).lower()
        return column_type, collation.group(1) if collation else "BINARY"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("catalog_title", "tconst"),
        ("catalog_title", "folded_title"),
        ("catalog_person", "nconst"),
        ("catalog_person", "folded_name"),
    ],
)
def test_imdb_ids_and_folded_names_compare_byte_by_byte(table: str, column: str) -> None:
    column_type, collation = declared_column(table, column)
    assert column_type in {"character varying", "varchar"}
    assert collation == {"postgresql": "C", "sqlite": "BINARY"}[connection.vendor]


@pytest.mark.django_db
def test_characters_are_json_kept_as_text() -> None:
    assert declared_column("catalog_credit", "characters")[0] == "text"
    written = ["Żydo", 'a "quoted" name', "back\\slash"]
    credit = CreditFactory(characters=written)
    assert Credit.objects.get(pk=credit.pk).characters == written
    assert Credit.objects.filter(pk=credit.pk).values_list("characters", flat=True)[0] == written
