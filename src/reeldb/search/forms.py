"""The advanced title search's form: a query string in, a ``TitleFilters`` out.

Every parameter is optional. A value the form cannot use (an unknown genre,
a year that is not a number, a range that ends before it starts, a
parameter given twice with two values) is an error that names the value,
shown on the page above the form; the search runs only once all are valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.http import QueryDict

from reeldb.catalog.models import TitleType
from reeldb.search.advanced import (
    DESCENDING_BY_DEFAULT,
    GENRES,
    MAX_PAGE,
    MAX_RESULTS,
    GenreMatch,
    TitleFilters,
    TitleSort,
)

# Years a title can have: the first films to announced ones.
FIRST_YEAR = 1870
LAST_YEAR = 2100
# The largest vote count or runtime a filter takes: PostgreSQL's integer, which
# the columns are; a larger number would fail in the database, not match nothing.
LARGEST_NUMBER = 2**31 - 1
TEXT_LENGTH = 200
MAX_KEYWORDS = 5
# How much of a bad value an error message repeats.
SHOWN_LENGTH = 60
NOT_LETTERS = re.compile(r"[^a-z0-9]+")
# The filters set as a range, by their legend, and those typed as text.
RANGES = (
    ("Release year", "year_from", "year_to"),
    ("IMDb rating", "rating_min", "rating_max"),
    ("Runtime in minutes", "runtime_min", "runtime_max"),
)
TEXT_FILTERS = ("language", "country", "certificate", "keywords", "company", "person")


def _key(value: str) -> str:
    """Return what two spellings of a choice share: "sci fi", "SciFi" and "Sci-Fi" alike."""
    return NOT_LETTERS.sub("", value.casefold())


def no_control_characters(value: str) -> None:
    """Refuse text holding a control character: no title, name or fact holds one.

    NUL is left to the validator every ``CharField`` has, which names it.
    """
    if not value.replace("\x00", "").isprintable():
        raise ValidationError("It holds a control character.", code="control_character")


class ChoiceListField(forms.MultipleChoiceField):
    """Several choices, as repeated parameters or comma-separated, in any case or spelling.

    ``genres=action,sci fi`` and ``genres=Action&genres=Sci-Fi`` both become
    ``["Action", "Sci-Fi"]``; an unknown one is an error that names it.
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(choices=choices, **kwargs)
        self.spellings = {_key(value): value for value, _ in choices}

    def to_python(self, value: Any) -> list[str]:
        items = (item.strip() for raw in super().to_python(value) for item in raw.split(","))
        return list(dict.fromkeys(self.spellings.get(_key(item), item) for item in items if item))

    def bound_data(self, data: Any, initial: Any) -> list[str]:
        """Check the boxes of the choices given, however they were spelled."""
        return self.to_python(data)


@dataclass(frozen=True)
class Problem:
    """One parameter the search could not use: its label, the value given, what is wrong."""

    label: str
    value: str
    message: str


def _shown(values: Iterable[str]) -> str:
    """Return the values as given, control characters replaced, cut short."""
    text = ", ".join(values)
    text = "".join(char if char.isprintable() else "\N{REPLACEMENT CHARACTER}" for char in text)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LENGTH,
        validators=[no_control_characters],
        help_text=help_text,
    )


# Plain text boxes rather than number inputs: a browser would drop a value it
# cannot read as a number without a word, where the page names it.
def _number(label: str, lowest: int, highest: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=lowest,
        max_value=highest,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6, "aria-label": label}),
    )


def _rating(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=1,
        max_value=10,
        max_digits=3,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4, "aria-label": label}),
    )


class TitleSearchForm(forms.Form):
    """The filters of ``/search/title``, their sort and the page; read from the query string.

    A parameter left out or empty sets no filter.
    """

    title_type = ChoiceListField(
        label="Title type",
        choices=TitleType.choices,
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a title type."},
    )
    genres = ChoiceListField(
        label="Genres",
        choices=[(genre, genre) for genre in GENRES],
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not one of IMDb's genres."},
    )
    genre_match = forms.ChoiceField(
        label="Genres to match",
        choices=GenreMatch.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    year_from = _number("Released from", FIRST_YEAR, LAST_YEAR)
    year_to = _number("Released to", FIRST_YEAR, LAST_YEAR)
    rating_min = _rating("Rating from")
    rating_max = _rating("Rating to")
    votes_min = _number("At least this many votes", 0, LARGEST_NUMBER)
    runtime_min = _number("Runtime from (minutes)", 0, LARGEST_NUMBER)
    runtime_max = _number("Runtime to (minutes)", 0, LARGEST_NUMBER)
    language = _text("Language", "As the title page names it: English, Spanish…")
    country = _text("Country", "United States, Mexico…")
    certificate = _text("Certificate", "R, or with its country: United States:R")
    keywords = _text("Keywords", "Comma-separated; a title must have them all.")
    company = _text("Company", "Part of its name: Dimension, Columbia…")
    person = _text("Person", "A name, or an IMDb id such as nm0000104.")
    sort = forms.ChoiceField(
        label="Sort by",
        choices=TitleSort.choices,
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not one of the sorts listed."},
    )
    order = forms.ChoiceField(
        label="Order",
        choices=[("desc", "Descending"), ("asc", "Ascending")],
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is neither asc nor desc."},
        widget=forms.Select(attrs={"aria-label": "Order"}),
    )
    page = forms.IntegerField(
        label="Page",
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "max_value": f"Results stop at page {MAX_PAGE}, the first {MAX_RESULTS:,} titles: "
            "narrow the filters to see the rest."
        },
    )

    def __init__(self, query: QueryDict) -> None:
        """Read ``query``, with the sort, its direction and the genre match filled in when absent.

        The form then shows what the search does: "Title", "Ascending".
        """
        query = query.copy()
        sort = query.get("sort") or TitleSort.POPULARITY
        defaults = {
            "sort": sort,
            "order": "desc" if sort in DESCENDING_BY_DEFAULT else "asc",
            "genre_match": GenreMatch.ALL,
        }
        for name, value in defaults.items():
            if not query.get(name):
                query[name] = value
        super().__init__(query)
        self.query = query

    def clean_keywords(self) -> list[str]:
        raw: str = self.cleaned_data["keywords"]
        keywords = list(dict.fromkeys(word.strip() for word in raw.split(",") if word.strip()))
        if len(keywords) > MAX_KEYWORDS:
            raise ValidationError(f"Give at most {MAX_KEYWORDS} keywords.", code="too_many")
        return keywords

    def clean_page(self) -> int:
        page: int | None = self.cleaned_data["page"]
        return page or 1

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.fields:
            if name not in self._multiple_fields() and len(set(self._given(name))) > 1:
                self.add_error(name, ValidationError("Give one value, not several.", "repeated"))
        for _, low, high in RANGES:
            start, end = cleaned.get(low), cleaned.get(high)
            if start is not None and end is not None and start > end:
                message = f"It comes before the start of the range, {start}."
                self.add_error(high, ValidationError(message, "range"))
        return cleaned

    def _multiple_fields(self) -> set[str]:
        return {name for name, field in self.fields.items() if isinstance(field, ChoiceListField)}

    def _given(self, name: str) -> list[str]:
        return self.query.getlist(name)

    @property
    def ranges(self) -> list[tuple[str, BoundField, BoundField]]:
        return [(legend, self[low], self[high]) for legend, low, high in RANGES]

    @property
    def text_filters(self) -> list[BoundField]:
        return [self[name] for name in TEXT_FILTERS]

    @property
    def uses_text_filters(self) -> bool:
        """Return whether a text filter is set (or wrong): the page then shows them all."""
        return any(self.query.get(name) for name in TEXT_FILTERS)

    def problems(self) -> list[Problem]:
        """Return what is wrong with the parameters, each with the value as given."""
        if self.is_valid():
            return []
        return [
            self._problem(name, errors)
            for name, errors in self.errors.as_data().items()
            if name in self.fields
        ]

    def _problem(self, name: str, errors: list[ValidationError]) -> Problem:
        """Return one field's problem, repeating the value given unless a message names it."""
        messages = [message for error in errors for message in error.messages]
        names_value = any("%(value)" in str(error.message) for error in errors)
        value = "" if names_value else _shown(self._given(name))
        return Problem(str(self.fields[name].label or name), value, " ".join(messages))

    def filters(self) -> TitleFilters:
        """Return the validated filters. Call only when the form is valid."""
        data = self.cleaned_data
        return TitleFilters(
            title_types=tuple(data["title_type"]),
            year_from=data["year_from"],
            year_to=data["year_to"],
            genres=tuple(data["genres"]),
            genre_match=data["genre_match"],
            rating_min=data["rating_min"],
            rating_max=data["rating_max"],
            votes_min=data["votes_min"],
            runtime_min=data["runtime_min"],
            runtime_max=data["runtime_max"],
            language=data["language"],
            country=data["country"],
            certificate=data["certificate"],
            keywords=tuple(data["keywords"]),
            company=data["company"],
            person=data["person"],
            sort=data["sort"],
            descending=data["order"] == "desc",
        )
