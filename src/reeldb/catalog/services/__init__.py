"""Writes to the catalogue: the primitives every importer is built from.

An importer finds or creates a title by the source's own key (``upsert_title``),
records the source's single-valued facts as claims (the shown value is chosen
by source precedence), and replaces that source's list facts with what the
source states now (``sync_facts``). Together they make re-importing the
same document a no-op and let several sources describe one title.

One job a module: ``sources`` (get a source), ``claims`` (record claims and
resolve the shown values), ``upserts`` (find or create a title or person by a
source's key), ``facts`` (sync a source's fact lists) and ``rows`` (the raw
inserts of a bulk load). An importer that writes whole documents hands
``write_document``/``write_documents`` plain records (``records``) and needs no
model: ``writer`` and ``batches`` apply the same rules (``matching``) one
document at a time and a batch at a time.
"""

from __future__ import annotations

from reeldb.catalog.services.batches import write_documents
from reeldb.catalog.services.claims import (
    EMPTY_VALUES,
    claim_person_values,
    claim_title_values,
    resolve_people,
    resolve_titles,
)
from reeldb.catalog.services.facts import (
    SyncResult,
    build_facts,
    natural_key,
    replace_external_ids,
    sync_facts,
)
from reeldb.catalog.services.images import (
    commons_attribution,
    record_failure,
    reference_image,
    reject_image,
    show_best_image,
    store_image,
    upload_image,
)
from reeldb.catalog.services.records import (
    CreditRecord,
    ImageRecord,
    PersonRecord,
    RelatedRecord,
    SourceRecord,
    TitleDocument,
    TitleRecord,
)
from reeldb.catalog.services.rows import insert_rows
from reeldb.catalog.services.sources import get_source
from reeldb.catalog.services.upserts import (
    NewTitle,
    build_claims,
    build_person,
    build_title,
    create_titles,
    upsert_person,
    upsert_title,
)
from reeldb.catalog.services.writer import (
    FACT_MODELS,
    Outcome,
    UnknownKey,
    Written,
    write_document,
    write_known_for,
    write_person,
    write_title_facts,
)

__all__ = [
    "EMPTY_VALUES",
    "FACT_MODELS",
    "CreditRecord",
    "ImageRecord",
    "NewTitle",
    "Outcome",
    "PersonRecord",
    "RelatedRecord",
    "SourceRecord",
    "SyncResult",
    "TitleDocument",
    "TitleRecord",
    "UnknownKey",
    "Written",
    "build_claims",
    "build_facts",
    "build_person",
    "build_title",
    "claim_person_values",
    "claim_title_values",
    "commons_attribution",
    "create_titles",
    "get_source",
    "insert_rows",
    "natural_key",
    "record_failure",
    "reference_image",
    "reject_image",
    "replace_external_ids",
    "resolve_people",
    "resolve_titles",
    "show_best_image",
    "store_image",
    "sync_facts",
    "upload_image",
    "upsert_person",
    "upsert_title",
    "write_document",
    "write_documents",
    "write_known_for",
    "write_person",
    "write_title_facts",
]
