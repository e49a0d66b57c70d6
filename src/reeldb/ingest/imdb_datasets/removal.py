"""Remove, on a refresh, the titles and people a newer dump no longer lists, unless still used.

The datasets drop titles (merged duplicates, deleted entries) and people. A
row that only the datasets described goes with them; a row another source also
describes (a staff-uploaded picture included), or that another app references
(a user's rating, review or list entry), stays and is reported, so no user's
data disappears with a dump.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Model

from reeldb.catalog.models import Person, Source, Title
from reeldb.ingest.imdb_datasets.merge import FETCH_ROWS, MergeResult, fetch_rows

# Apps whose rows are computed from the catalogue, never a reason to keep a
# title: the charts and the related titles are computed again after every
# import, and a "Not interested" mark only steers recommendations.
DERIVED_APPS = frozenset({"catalog", "charts", "recommend"})


def keeping_relations(model: type[Model]) -> list[tuple[str, str, str]]:
    """Return ``(table, column, label)`` of every relation from outside the catalogue to ``model``.

    This is the refresh's hook for other apps: a title or person that a user
    rated, reviewed or listed is referenced by a row of ``community`` (or any
    app but the catalogue), and such a row keeps it when the datasets drop it.
    Found from the models themselves, so a new app needs no registration.
    """
    relations = []
    for field in model._meta.get_fields(include_hidden=True):
        if not field.auto_created or field.concrete or not (field.one_to_many or field.one_to_one):
            continue
        related = field.related_model
        if related is None or related._meta.app_label in DERIVED_APPS:
            continue
        column = str(getattr(field.remote_field, "column", ""))  # the other model's ForeignKey
        relations.append((related._meta.db_table, column, related._meta.label))
    return relations


def remove_vanished(
    *,
    model: type[Title | Person],
    table: str,
    key: str,
    source: Source,
    relations: Sequence[tuple[str, str, str]],
) -> MergeResult:
    """Delete the rows the dataset added that its newer file no longer lists, unless kept.

    A row stays when another source also describes it (it has claims, another
    source's key or a picture from it) or another app references it
    (``relations``); kept
    rows are returned, as ``tconst``/``nconst``, for the report.
    """
    target = model._meta.db_table
    owner = "title_id" if model is Title else "person_id"
    prefix = "catalog_title" if model is Title else "catalog_person"
    reasons = [
        f"EXISTS (SELECT 1 FROM {prefix}claim c WHERE c.{owner} = o.id AND c.source_id <> %s)",
        f"EXISTS (SELECT 1 FROM {prefix}sourcekey k WHERE k.{owner} = o.id AND k.source_id <> %s)",
        # A picture another source gave (a staff upload, a page's poster) is that source's.
        f"EXISTS (SELECT 1 FROM catalog_image i WHERE i.{owner} = o.id AND i.source_id <> %s)",
        *(
            f"EXISTS (SELECT 1 FROM {rel} r WHERE r.{column} = o.id)"
            for rel, column, _ in relations
        ),
    ]
    kept_when = " OR ".join(reasons)
    gone = (
        f"SELECT o.id, o.{key}, CASE WHEN {kept_when} THEN 1 ELSE 0 END FROM {target} o "
        f"WHERE o.source_id = %s AND o.{key} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {table} s WHERE s.{key} = o.{key})"
    )
    result = MergeResult(kept=[])
    doomed: list[int] = []
    for pk, public_id, kept in fetch_rows(gone, [source.pk] * 4):
        if kept:
            result.kept.append(public_id)  # type: ignore[union-attr]
        else:
            doomed.append(pk)
    for start in range(0, len(doomed), FETCH_ROWS):
        chunk = doomed[start : start + FETCH_ROWS]
        model._default_manager.filter(pk__in=chunk).delete()
    result.removed = len(doomed)
    return result
