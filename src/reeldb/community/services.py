"""Writes for reeldb's users: each validates, then writes in one transaction.

Every per-user-per-title write is an upsert against a unique constraint
(``INSERT … ON CONFLICT``), so two requests racing to rate the same title end
as one row holding the later value, never two rows and never an error.
Aggregates are recomputed from rows inside the transaction that changed them.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np
from django.contrib.auth.hashers import (
    UNUSABLE_PASSWORD_PREFIX,
    UNUSABLE_PASSWORD_SUFFIX_LENGTH,
)
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from reeldb.catalog.models import Title
from reeldb.community.models import (
    RATING_MAX,
    RATING_MIN,
    CheckIn,
    ListItem,
    Profile,
    Rating,
    Review,
    ReviewVote,
    TitleList,
    WatchlistEntry,
)
from reeldb.community.rating_loads import (
    secondary_indexes_deferred,
    separate_writer,
    upsert_columns,
    writes_apart,
)
from reeldb.errors import Conflict, InvalidInput, NotFound
from reeldb.sqlite.bulk import bulk_session

# The oldest surviving motion picture, Roundhay Garden Scene, was filmed in
# October 1888: no one watched or rated a film before that year.
EARLIEST_ACTIVITY = datetime.date(1888, 1, 1)


def _validate(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Validate fields, turning Django's error into the one domain error."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        messages = [f"{field}: {'; '.join(errors)}" for field, errors in error.message_dict.items()]
        raise InvalidInput(" ".join(messages)) from None


def _upsert(instance: models.Model, *, unique: list[str], update: list[str]) -> None:
    """Insert ``instance`` or, if its unique key exists, update ``update`` in one statement."""
    type(instance)._default_manager.bulk_create(
        [instance], update_conflicts=True, unique_fields=unique, update_fields=update
    )


@transaction.atomic
def create_account(*, username: str, email: str, password: str) -> User:
    """Create a user who can log in, with a profile.

    E-mail addresses are not unique on purpose: refusing a second account for
    an address would tell anyone which addresses have accounts.
    """
    user = User(username=username, email=User.objects.normalize_email(email))
    user.set_password(password)
    _validate(user, exclude=["password"])
    taken = Conflict("That username is taken: choose another.", code="username_taken")
    if User.objects.filter(username__iexact=username).exists():
        raise taken
    try:
        # A concurrent sign-up may take the name between the check and the insert.
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise taken from None
    Profile.objects.create(user=user)
    return user


@transaction.atomic
def set_rating(*, user: User, title: Title, value: int) -> Rating:
    """Rate ``title`` ``value`` out of 10 for ``user``, replacing any earlier rating.

    A user has one rating of a title: their review of it, if any, shows the same value.
    """
    rating = Rating(user=user, title=title, value=value, rated_at=timezone.now())
    _validate(rating)
    _upsert(rating, unique=["user", "title"], update=["value", "rated_at"])
    Review.objects.filter(user=user, title=title).update(rating=value)
    return rating


@transaction.atomic
def remove_rating(*, user: User, title: Title) -> None:
    """Remove ``user``'s rating of ``title`` (and so their review's); a missing one is no change."""
    Rating.objects.filter(user=user, title=title).delete()
    Review.objects.filter(user=user, title=title).update(rating=None)


@transaction.atomic
def save_review(
    *,
    user: User,
    title: Title,
    headline: str,
    text: str,
    is_spoiler: bool,
    rating: int | None,
    written_at: datetime.datetime | None = None,
) -> Review:
    """Write ``user``'s review of ``title``, or rewrite it: one review per user and title.

    ``rating`` is the user's rating of the title: a number sets it (as
    ``set_rating`` does), None removes it, so a review and the rating widget
    never disagree. The text needs ``REVIEW_MIN_CHARS`` characters.
    ``written_at`` dates a new review (the demo's own date); else now.
    """
    review = Review(
        user=user,
        title=title,
        headline=headline.strip(),
        text=text.strip(),
        is_spoiler=is_spoiler,
        rating=rating,
        created_at=written_at or timezone.now(),
    )
    _validate(review)
    same = Review.objects.filter(
        user=user,
        title=title,
        headline=review.headline,
        text=review.text,
        is_spoiler=is_spoiler,
        rating=rating,
    ).first()
    if same is not None:
        # Saving an unchanged review leaves it, "updated" date included.
        return same
    _upsert(
        review,
        unique=["user", "title"],
        update=["headline", "text", "is_spoiler", "rating", "updated_at"],
    )
    current = Rating.objects.filter(user=user, title=title).values_list("value", flat=True)
    if rating is None:
        remove_rating(user=user, title=title)
    elif current.first() != rating:
        set_rating(user=user, title=title, value=rating)
    return Review.objects.get(user=user, title=title)


def delete_review(*, user: User, review_id: int) -> None:
    """Delete a review of ``user``'s own; anyone else's is "not found"."""
    deleted, _ = Review.objects.filter(pk=review_id, user=user).delete()
    if not deleted:
        raise NotFound("No such review.")


@transaction.atomic
def vote_review(*, user: User, review_id: int, is_helpful: bool) -> Review:
    """Record whether ``user`` found a review helpful and return it with exact counts.

    The review row is locked first: each count is then read by a statement that
    starts after any concurrent voter committed, so no vote is missed.
    """
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise NotFound("No such review.")
    if review.user_id == user.pk:
        raise Conflict("You cannot vote on your own review.", code="own_review")
    _upsert(
        ReviewVote(review=review, user=user, is_helpful=is_helpful),
        unique=["review", "user"],
        update=["is_helpful"],
    )
    votes = ReviewVote.objects.filter(review=OuterRef("pk")).values("review")
    Review.objects.filter(pk=review.pk).update(
        helpful_yes=Coalesce(
            Subquery(votes.annotate(n=Count("pk", filter=Q(is_helpful=True))).values("n")), 0
        ),
        helpful_total=Coalesce(Subquery(votes.annotate(n=Count("pk")).values("n")), 0),
    )
    review.refresh_from_db(fields=["helpful_yes", "helpful_total"])
    return review


def set_watchlisted(
    *, user: User, title: Title, wanted: bool, at: datetime.datetime | None = None
) -> bool:
    """Put ``title`` on ``user``'s watchlist or take it off; return whether it is on.

    The request names the wanted state rather than "toggle", so a repeated or
    concurrent request cannot flip it back. ``at`` dates a new entry (an
    import's or the demo's own date); an entry already there keeps its date.
    """
    if wanted:
        if at is not None:
            check_activity_date(at)
        WatchlistEntry.objects.bulk_create(
            [WatchlistEntry(user=user, title=title, added_at=at or timezone.now())],
            ignore_conflicts=True,
        )
    else:
        WatchlistEntry.objects.filter(user=user, title=title).delete()
    return wanted


def check_activity_date(day: datetime.date | datetime.datetime) -> None:
    """Raise ``InvalidInput`` unless ``day`` lies between 1888 and tomorrow.

    Every dated thing a user adds (a rating's date, a check-in) passes here,
    typed into a form or read from an imported history alike: the charts place
    their popularity window by these dates, and a profile's diary shows them,
    so a date no one can have watched or rated on is refused, not stored.
    """
    on = day.date() if isinstance(day, datetime.datetime) else day
    # A day of slack: the user's calendar may be ahead of UTC.
    if on > timezone.now().date() + datetime.timedelta(days=1):
        raise InvalidInput(
            f"{on} is in the future: give the day you watched it.",
            code="future_date",
        )
    if on < EARLIEST_ACTIVITY:
        raise InvalidInput(
            f"{on} is before the first film (1888): check the year.",
            code="date_too_early",
        )


def check_in(*, user: User, title: Title, watched_on: datetime.date) -> CheckIn:
    """Record that ``user`` watched ``title`` on ``watched_on`` (see ``check_activity_date``)."""
    check_activity_date(watched_on)
    entry = CheckIn(user=user, title=title, watched_on=watched_on)
    _validate(entry)
    entry.save()
    return entry


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@transaction.atomic
def add_check_ins(
    *,
    user: User,
    viewings: Iterable[tuple[int, datetime.date]],
    recorded_at: datetime.datetime | None = None,
) -> int:
    """Record each ``(title id, day)`` viewing ``user`` has not checked in yet; return how many.

    For histories written in one go (an import, the demo community): a
    viewing already there is not added again, so writing the same history
    twice adds nothing. Each is recorded as made at ``recorded_at``, or else
    at noon on its day, which is when the charts' popularity window counts it.
    """
    wanted = set(viewings)
    for _, day in wanted:
        check_activity_date(day)
    known = set(
        CheckIn.objects.filter(user=user, title_id__in={pk for pk, _ in wanted})
        .values_list("title_id", "watched_on")
        .order_by()
    )
    new = sorted(wanted - known)
    CheckIn.objects.bulk_create(
        CheckIn(user=user, title_id=pk, watched_on=day, created_at=recorded_at or _noon(day))
        for pk, day in new
    )
    return len(new)


def _own_list(user: User, list_id: int, *, lock: bool = False) -> TitleList:
    """Return ``user``'s list ``list_id``; anyone else's is "not found", never "forbidden"."""
    rows = TitleList.objects.filter(pk=list_id, user=user)
    found = (rows.select_for_update() if lock else rows).first()
    if found is None:
        raise NotFound("No such list.")
    return found


@transaction.atomic
def create_list(
    *,
    user: User,
    name: str,
    description: str,
    is_public: bool,
    first_title: Title | None = None,
) -> TitleList:
    """Make a list for ``user``, holding ``first_title`` if given (a list begun on a title)."""
    title_list = TitleList(
        user=user, name=name.strip(), description=description.strip(), is_public=is_public
    )
    _validate(title_list)
    title_list.save()
    if first_title is not None:
        ListItem.objects.create(title_list=title_list, title=first_title, position=1)
    return title_list


def update_list(
    *, user: User, list_id: int, name: str, description: str, is_public: bool
) -> TitleList:
    title_list = _own_list(user, list_id)
    title_list.name, title_list.description = name.strip(), description.strip()
    title_list.is_public = is_public
    _validate(title_list)
    title_list.save(update_fields=["name", "description", "is_public", "updated_at"])
    return title_list


def delete_list(*, user: User, list_id: int) -> None:
    _own_list(user, list_id).delete()


@dataclass(frozen=True)
class ListAddition:
    """The entry a title has on a list, and whether this request put it there."""

    item: ListItem
    is_new: bool

    @property
    def message(self) -> str:
        """Return what to tell the user: added, or already there (and where)."""
        name = self.item.title_list.name
        title = self.item.title.primary_title
        if self.is_new:
            return f"Added {title} to {name}."
        return f"{title} is already on {name}, at number {self.item.position}."


@transaction.atomic
def add_to_list(*, user: User, list_id: int, title: Title) -> ListAddition:
    """Append ``title`` to the list; a title already on it stays where it is, and says so.

    The list row is locked so two appends cannot take the same position.
    """
    title_list = _own_list(user, list_id, lock=True)
    existing = ListItem.objects.filter(title_list=title_list, title=title).first()
    if existing:
        existing.title_list, existing.title = title_list, title
        return ListAddition(existing, is_new=False)
    last = title_list.items.aggregate(last=models.Max("position"))["last"] or 0
    item = ListItem.objects.create(title_list=title_list, title=title, position=last + 1)
    TitleList.objects.filter(pk=title_list.pk).update(updated_at=timezone.now())
    return ListAddition(item, is_new=True)


@transaction.atomic
def sync_list(
    *, user: User, name: str, description: str, is_public: bool, titles: list[Title]
) -> TitleList:
    """Make ``user``'s list called ``name`` hold exactly ``titles``, in order; create it if missing.

    For lists written whole (the demo community): the oldest list of that
    name is the one meant, so writing the same lists twice changes nothing.
    """
    title_list = TitleList.objects.filter(user=user, name=name.strip()).order_by("pk").first()
    if title_list is None:
        created = create_list(user=user, name=name, description=description, is_public=is_public)
        return _filled(created, titles)
    if (title_list.description, title_list.is_public) != (description.strip(), is_public):
        title_list.description, title_list.is_public = description.strip(), is_public
        _validate(title_list)
        title_list.save(update_fields=["description", "is_public", "updated_at"])
    current = list(title_list.items.order_by("position").values_list("title_id", flat=True))
    if current != [title.pk for title in dict.fromkeys(titles)]:
        title_list.items.all().delete()
        _filled(title_list, titles)
    return title_list


def _filled(title_list: TitleList, titles: list[Title]) -> TitleList:
    ListItem.objects.bulk_create(
        ListItem(title_list=title_list, title=title, position=position)
        for position, title in enumerate(dict.fromkeys(titles), start=1)
    )
    return title_list


@transaction.atomic
def remove_from_list(*, user: User, list_id: int, title_id: int) -> None:
    """Take a title off the list and close the gap it leaves."""
    title_list = _own_list(user, list_id, lock=True)
    item = ListItem.objects.filter(title_list=title_list, title_id=title_id).first()
    if item is None:
        raise NotFound("No such list entry.")
    item.delete()
    ListItem.objects.filter(title_list=title_list, position__gt=item.position).update(
        position=models.F("position") - 1
    )


@transaction.atomic
def move_in_list(*, user: User, list_id: int, title_id: int, offset: int) -> None:
    """Move a title ``offset`` places (negative: towards the top), within the list's bounds."""
    title_list = _own_list(user, list_id, lock=True)
    items = list(title_list.items.order_by("position"))
    index = next((i for i, item in enumerate(items) if item.title_id == title_id), None)
    if index is None:
        raise NotFound("No such list entry.")
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    changed = []
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    ListItem.objects.bulk_update(changed, ["position"])


@transaction.atomic
def ensure_imported_users(*, source: str, keys: Iterable[str]) -> dict[str, int]:
    """Return the user id of each of ``source``'s users, creating accounts for new ones.

    Imported accounts have an unusable password (they cannot log in, nor reset
    one) and a profile marked imported. Their usernames are ``source-key``.
    """
    wanted = set(keys)
    known = dict(
        Profile.objects.filter(
            is_imported=True, import_source=source, import_key__in=wanted
        ).values_list("import_key", "user_id")
    )
    missing = sorted(wanted - set(known))
    if missing:
        names = {key: f"{source}-{key}"[:140] for key in missing}
        # Someone may have signed up with such a name: the imported account steps aside.
        taken = set(
            User.objects.filter(username__in=names.values()).values_list("username", flat=True)
        )
        users = User.objects.bulk_create(
            [
                User(
                    username=f"{names[key]}-imported" if names[key] in taken else names[key],
                    password=_unusable_password(),
                )
                for key in missing
            ]
        )
        Profile.objects.bulk_create(
            Profile(user=user, is_imported=True, import_source=source, import_key=key)
            for key, user in zip(missing, users, strict=True)
        )
        known.update((key, user.pk) for key, user in zip(missing, users, strict=True))
    return known


# User ids per query when following reviews to their authors' new ratings.
USER_CHUNK = 5_000


def load_rating_columns(
    *, user_ids: np.ndarray, title_ids: np.ndarray, values: np.ndarray, seconds: np.ndarray
) -> int:
    """Insert or replace many ratings given as columns, in one transaction; return how many.

    The importers' path (a MovieLens release holds tens of millions). Where
    one (user, title) pair comes twice the later row wins, as it would one
    request after another. A value outside 1-10 or a date ``check_activity_date``
    refuses fails the whole call: an importer checks each row first to report
    it and go on.
    """
    if not len(user_ids):
        return 0
    if values.min() < RATING_MIN or values.max() > RATING_MAX:
        raise InvalidInput(f"ratings must be {RATING_MIN} to {RATING_MAX}")
    for moment in (seconds.min(), seconds.max()):
        check_activity_date(datetime.datetime.fromtimestamp(float(moment), tz=datetime.UTC))
    pairs = np.stack([user_ids, title_ids], axis=1)[::-1]
    _unique, last = np.unique(pairs, axis=0, return_index=True)
    kept = np.sort(len(user_ids) - 1 - last)
    # Written apart (``bulk_rating_load`` on an SQLite file), the ratings commit
    # on their own connection first; the reviews follow them on Django's.
    with nullcontext() if writes_apart() else transaction.atomic():
        upsert_columns(user_ids[kept], title_ids[kept], values[kept], seconds[kept])
        _follow_reviews(np.unique(user_ids).tolist())
    return len(kept)


@contextmanager
def bulk_rating_load(*, defer_indexes: bool = True) -> Iterator[None]:
    """Load many ratings in a bulk session; ``load_rating_columns`` inside it writes them.

    ``load_rating_columns`` checks every value and date, and its callers pass
    ids they resolved, so SQLite skips its row-by-row checks
    (``sqlite.bulk.bulk_session``), and on an SQLite file the ratings go
    through a second connection, ADBC's, a block in one statement
    (``rating_loads.separate_writer``). With ``defer_indexes`` (an import of
    millions), the secondary indexes are built once, after: pages that read
    ratings by title or date scan while it runs.
    """
    deferred = secondary_indexes_deferred() if defer_indexes else nullcontext()
    with bulk_session(), deferred, separate_writer():
        yield


def _follow_reviews(user_ids: list[int]) -> None:
    """Give these users' reviews the rating each author now gives the title."""
    latest = Rating.objects.filter(user=OuterRef("user"), title=OuterRef("title"))
    for start in range(0, len(user_ids), USER_CHUNK):
        Review.objects.filter(user_id__in=user_ids[start : start + USER_CHUNK]).update(
            rating=Subquery(latest.values("value")[:1])
        )


def _unusable_password() -> str:
    """Return what ``make_password(None)`` returns, from one call to the OS's randomness.

    The "!" prefix makes it unusable (``has_usable_password`` is false); the
    random rest keeps two such hashes apart. Django draws each of its 40
    characters on its own, a tenth of an import of 330,000 users.
    """
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(UNUSABLE_PASSWORD_SUFFIX_LENGTH // 2)


@dataclass(frozen=True)
class ImportedRating:
    user_id: int
    title_id: int
    value: int
    rated_at: datetime.datetime


@transaction.atomic
def upsert_ratings(rows: Iterable[ImportedRating]) -> int:
    """Insert or replace a batch of ratings in one statement per database batch.

    A user's later rating of the same title in one batch wins, as it would
    one request after another. Returns how many ratings were written. A value
    outside 1-10 or a date ``check_activity_date`` refuses fails the whole
    batch: an importer checks each row first to report it and go on.
    """
    latest = {(row.user_id, row.title_id): row for row in rows}
    for row in latest.values():
        if not RATING_MIN <= row.value <= RATING_MAX:
            raise InvalidInput(f"rating {row.value} is not 1 to 10")
        check_activity_date(row.rated_at)
    Rating.objects.bulk_create(
        [
            Rating(user_id=r.user_id, title_id=r.title_id, value=r.value, rated_at=r.rated_at)
            for r in latest.values()
        ],
        update_conflicts=True,
        unique_fields=["user", "title"],
        update_fields=["value", "rated_at"],
    )
    # Reviews show their author's rating: the batch's users' reviews follow it.
    # Reviews are few beside ratings, so one statement over these users' reviews is cheap.
    Review.objects.filter(user_id__in={row.user_id for row in latest.values()}).update(
        rating=Subquery(
            Rating.objects.filter(user=OuterRef("user"), title=OuterRef("title")).values("value")[
                :1
            ]
        )
    )
    return len(latest)
