"""Keep a credit's characters as JSON text on PostgreSQL instead of ``jsonb``.

A bulk import copied credits a fifth faster into ``text`` (``JSONTextField``
says why); SQLite kept JSON as text already, so this changes nothing there.
PostgreSQL rewrites the table once, writing each value as ``jsonb`` prints it.
"""

from django.db import migrations

import reeldb.catalog.models.fields


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_drop_imdb_id_pattern_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="credit",
            name="characters",
            field=reeldb.catalog.models.fields.JSONTextField(blank=True, default=list),
        ),
    ]
