"""Write a user's history back out as IMDb or Letterboxd CSV."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.models import User

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import ExportFacts, get_export_facts
from reeldb.community.models import CheckIn, Rating, WatchlistEntry
from reeldb.errors import InvalidInput

EXPORT_FORMATS = {
    "imdb-ratings": "IMDb ratings (CSV)",
    "imdb-watchlist": "IMDb watchlist (CSV)",
    "letterboxd-ratings": "Letterboxd ratings (CSV)",
    "letterboxd-diary": "Letterboxd diary (CSV)",
    "letterboxd-watchlist": "Letterboxd watchlist (CSV)",
}
IMDB_COLUMNS = [
    "Const", "Your Rating", "Date Rated", "Title", "Original Title", "URL", "Title Type",
    "IMDb Rating", "Runtime (mins)", "Year", "Genres", "Num Votes", "Release Date", "Directors",
]  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Letterboxd answers /imdb/<IMDb id>/ with the film's own page: the one
# Letterboxd URI reeldb can state truthfully, and its import reads it back.
LETTERBOXD_BY_IMDB_ID = "https://letterboxd.com/imdb/{tconst}/"


def letterboxd_uri(title: Title) -> str:
    """Return the Letterboxd address of ``title`` by its IMDb id, or "" for a title without one."""
    return LETTERBOXD_BY_IMDB_ID.format(tconst=title.tconst) if title.tconst else ""


def _cell(value: object) -> str:
    """Return a CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _imdb_row(
    title: Title, *, rating: Rating | None, url: str, facts: ExportFacts | None
) -> dict[str, object]:
    return {
        "Const": title.tconst or "",
        "Your Rating": rating.value if rating else "",
        "Date Rated": rating.rated_at.date().isoformat() if rating else "",
        "Title": title.primary_title,
        "Original Title": title.original_title,
        "URL": url,
        "Title Type": title.get_title_type_display(),
        "IMDb Rating": title.average_rating or "",
        "Runtime (mins)": title.runtime_minutes or "",
        "Year": title.start_year or "",
        "Genres": ", ".join(title.genre_list),
        "Num Votes": title.num_votes or "",
        "Release Date": facts.release_date.isoformat() if facts and facts.release_date else "",
        "Directors": ", ".join(facts.directors) if facts else "",
    }


def _stars_text(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value / 2:g}"


def export_history(*, user: User, export: str, base_url: str) -> str:
    """Return ``user``'s history as CSV in ``export`` (a key of ``EXPORT_FORMATS``)."""
    if export not in EXPORT_FORMATS:
        raise InvalidInput("Choose one of the export formats.")
    out = io.StringIO()
    ratings = {
        rating.title_id: rating
        for rating in Rating.objects.filter(user=user).select_related("title").order_by("-rated_at")
    }
    if export == "imdb-ratings":
        facts = get_export_facts(ratings)
        writer = csv.DictWriter(out, IMDB_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for rating in ratings.values():
            url = base_url + rating.title.get_absolute_url()
            row = _imdb_row(rating.title, rating=rating, url=url, facts=facts.get(rating.title_id))
            writer.writerow({key: _cell(value) for key, value in row.items()})
    elif export == "imdb-watchlist":
        columns = ["Position", "Const", "Created", "Modified", "Description", *IMDB_COLUMNS[3:]]
        columns += ["Your Rating", "Date Rated"]
        writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        entries = list(
            WatchlistEntry.objects.filter(user=user).select_related("title").order_by("added_at")
        )
        facts = get_export_facts(entry.title_id for entry in entries)
        for position, entry in enumerate(entries, start=1):
            own = ratings.get(entry.title_id)
            url = base_url + entry.title.get_absolute_url()
            row = _imdb_row(entry.title, rating=own, url=url, facts=facts.get(entry.title_id))
            row |= {"Position": position, "Created": entry.added_at.date().isoformat()}
            row |= {"Modified": entry.added_at.date().isoformat(), "Description": ""}
            writer.writerow({key: _cell(value) for key, value in row.items()})
    else:
        _export_letterboxd(out, user=user, export=export, ratings=ratings)
    return out.getvalue()


def _export_letterboxd(
    out: io.StringIO, *, user: User, export: str, ratings: dict[int, Rating]
) -> None:
    rows: list[list[object]]
    if export == "letterboxd-ratings":
        header = ["Date", "Name", "Year", "Letterboxd URI", "Rating"]
        rows = [
            [r.rated_at.date().isoformat(), r.title.primary_title, r.title.start_year or "",
             letterboxd_uri(r.title), _stars_text(r.value)]
            for r in ratings.values()
        ]  # fmt: skip
    elif export == "letterboxd-diary":
        header = ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags"]
        header.append("Watched Date")
        check_ins = CheckIn.objects.filter(user=user).select_related("title").order_by("watched_on")
        rows = []
        seen: set[int] = set()
        for entry in check_ins:
            rating = ratings.get(entry.title_id)
            rows.append(
                [entry.created_at.date().isoformat(), entry.title.primary_title,
                 entry.title.start_year or "", letterboxd_uri(entry.title),
                 _stars_text(rating.value if rating else None),
                 "Yes" if entry.title_id in seen else "", "", entry.watched_on.isoformat()]
            )  # fmt: skip
            seen.add(entry.title_id)
    else:
        header = ["Date", "Name", "Year", "Letterboxd URI"]
        entries = WatchlistEntry.objects.filter(user=user).select_related("title")
        rows = [
            [
                e.added_at.date().isoformat(),
                e.title.primary_title,
                e.title.start_year or "",
                letterboxd_uri(e.title),
            ]
            for e in entries.order_by("added_at")
        ]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
