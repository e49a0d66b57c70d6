"""The search index: one row per name a title or person is found by; plot embeddings.

The index is derived data: ``reeldb search rebuild`` (and every import) writes
it whole from the catalogue, and edits through the catalogue's services
update one title's or person's rows. Rows point at catalogue rows by plain
ids, not foreign keys, so the catalogue's deletes and an IMDb refresh's
removals never see search as a reason to keep a title.
"""

from __future__ import annotations

from django.db import models

from reeldb.catalog.models.fields import ByteOrderCharField


class EntryKind(models.TextChoices):
    """IMDb's ``/find`` categories found by a name: ``search_entry``'s kinds."""

    TITLE = "tt", "Titles"
    EPISODE = "ep", "TV episodes"
    NAME = "nm", "People"
    COMPANY = "co", "Companies"
    KEYWORD = "kw", "Keywords"
    CHARACTER = "ch", "Characters"


class TextKind(models.TextChoices):
    """IMDb's ``/find`` categories found by words inside a long text: ``search_text``'s kinds."""

    QUOTE = "qu", "Quotes"
    BIO = "bi", "Bios"
    PLOT = "pl", "Plots"


class SearchEntry(models.Model):
    """One name of one title or person: its primary name, original title, an AKA.

    A rebuild numbers the rows by popularity, most popular first, so that an
    index that yields matches in id order (FTS5 does) answers "most popular
    match first" by stopping after the first few, however common the word.
    """

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=2, choices=EntryKind.choices)
    target_id = models.BigIntegerField(
        help_text="The title's, person's or company's id; a character's credit; "
        "a keyword's first row."
    )
    name = models.CharField(max_length=500, help_text="The name as shown.")
    folded = ByteOrderCharField(max_length=500, help_text="The name folded: exact matches.")
    terms = models.TextField(
        blank=True,
        help_text="Words matched besides the folded name's: each chunk that folds "
        "to several words, joined.",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    popularity = models.BigIntegerField(default=0)
    title_type = models.CharField(max_length=16, blank=True)
    is_primary = models.BooleanField(default=True, help_text="The target's own primary name.")

    class Meta:
        db_table = "search_entry"
        indexes = [
            # Exact names, most popular first, on both databases (a PostgreSQL
            # B-tree does not end with the primary key as SQLite's do).
            models.Index(fields=["folded", "kind", "id"], name="search_entry_folded_idx"),
            models.Index(fields=["kind", "target_id"], name="search_entry_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id}: {self.name}"


class SearchTerm(models.Model):
    """One distinct word of the index and how many entries hold it: the typo vocabulary.

    ``reversed_term`` lets a B-tree range find words by their last letters,
    as ``term`` finds them by their first.
    """

    term = ByteOrderCharField(max_length=200, primary_key=True)
    reversed_term = ByteOrderCharField(max_length=200)
    entries = models.PositiveIntegerField()

    class Meta:
        db_table = "search_term"
        indexes = [models.Index(fields=["reversed_term"], name="search_term_reversed_idx")]

    def __str__(self) -> str:
        return str(self.term)


class SuggestionState(models.TextChoices):
    PARTIAL = "p", "The prefix's most popular names"
    COMPLETE = "c", "Every name the prefix begins"
    STALE = "s", "Touched by an edit since the rebuild"


class SearchSuggestion(models.Model):
    """The search box's answer for one prefix typed: see ``index.suggestions``."""

    prefix = ByteOrderCharField(max_length=32, primary_key=True)
    state = models.CharField(max_length=1, choices=SuggestionState.choices)
    entry_ids = models.CharField(
        max_length=200, help_text="search_entry ids, most popular first, comma-separated."
    )

    class Meta:
        db_table = "search_suggestion"

    def __str__(self) -> str:
        return f"{self.prefix} ({self.state}): {self.entry_ids}"


class SearchText(models.Model):
    """One long text a title or person is found by: a quote, a plot, a bio.

    Ranked by relevance (bm25 on SQLite, ``ts_rank`` on PostgreSQL) blended
    with popularity, unlike names, whose ranking is exactness then popularity.
    ``folded`` is what the full-text index holds; ``text`` is what a hit shows.
    """

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=2, choices=TextKind.choices)
    target_id = models.BigIntegerField(help_text="The title's (quotes, plots) or person's id.")
    source_id = models.BigIntegerField(help_text="The quote's, plot's or person's row.")
    text = models.TextField()
    folded = models.TextField(help_text="The text folded: the words matched.")
    detail = models.CharField(max_length=400, blank=True, help_text="Summary by…, Synopsis.")
    popularity = models.BigIntegerField(default=0)

    class Meta:
        db_table = "search_text"
        indexes = [models.Index(fields=["kind", "target_id"], name="search_text_target_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id}: {self.text[:40]}"


class PlotEmbedding(models.Model):
    """The meaning of one plot or quoted review: its sentence embedding, for search by meaning.

    The vectors are the stored truth; each process builds its vector index
    from them (``search.meaning.vectors``) and builds it again when
    ``PlotEmbeddingGeneration`` says they have changed. ``text_hash`` lets a rebuild skip
    texts unchanged since they were embedded; ``is_stale`` marks a text
    saved since, whose vector still serves until the next rebuild embeds it.
    """

    id = models.BigAutoField(primary_key=True)
    title_id = models.BigIntegerField(help_text="The title the text is about.")
    text_kind = models.CharField(
        max_length=16, help_text="The plot's kind (outline, summary, synopsis) or review."
    )
    text_id = models.BigIntegerField(help_text="The plot's or the review's id.")
    text_hash = models.CharField(max_length=32, help_text="BLAKE2b of the text embedded.")
    vector = models.BinaryField(help_text="float32 values, little-endian, unit length.")
    is_stale = models.BooleanField(default=False, help_text="The text changed since.")

    class Meta:
        db_table = "search_plot_embedding"
        # The id first: a saved plot's vector is looked up by its id, whatever its kind was.
        constraints = [
            models.UniqueConstraint(
                fields=["text_id", "text_kind"], name="search_plot_embedding_text_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text_kind} {self.text_id} of {self.title_id}"


class PlotEmbeddingGeneration(models.Model):
    """One row counting the changes to the stored vectors: every write adds one.

    A process compares it with the generation its vector index was built from
    on each search by meaning: one read of one row, where counting the
    vectors would read them all.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    generation = models.BigIntegerField(default=0)

    class Meta:
        db_table = "search_plot_embedding_generation"

    def __str__(self) -> str:
        return f"plot embeddings, generation {self.generation}"
