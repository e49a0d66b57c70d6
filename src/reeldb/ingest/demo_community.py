"""Load the demo community: made-up members who rate, review, vote, watchlist, check in and list.

A fresh ``reeldb demo`` would otherwise show empty community sections, an
empty "Most popular" chart (it counts reeldb users' activity) and no
reviews. ``demo_data/community.json`` holds what was written by hand for the
demo: the members' names, their reviews and lists, and a taste per title (the
mean their ratings are drawn around). Everything else (which titles each
member rated, the values, dates, check-ins, watchlists, helpful votes) is
drawn from a ``random.Random`` seeded by the file, so every load draws the
same community.

Every account is made by ``ensure_imported_users`` under the
``DEMO_SOURCE`` import source: an unusable password (no one can sign in as
it, nor reset one) and a profile that pages mark "demo account". The data is
reeldb users' data, shown as such, never any source's fact. Loading twice
writes nothing new: accounts, ratings, reviews, votes and watchlist entries
are upserts, a check-in already there is not added again, and each list is
made to hold exactly its titles.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import get_titles_by_tconst
from reeldb.community import services
from reeldb.community.models import DEMO_SOURCE, RATING_MAX, RATING_MIN
from reeldb.errors import ReeldbError
from reeldb.ingest.report import ImportReport

PATH = "demo_data/community.json"
# How far back a member's activity reaches, in days before the anchor, and
# the mean of the exponential draw: most activity is recent, as on a live
# site, so the 7-day popularity window holds most titles.
HISTORY_DAYS = 150
MEAN_AGE_DAYS = 18
RATED_PER_MEMBER = (8, 22)
WATCHLIST_PER_MEMBER = (1, 4)
CHECK_IN_SHARE = 0.45
VOTERS_PER_REVIEW = (0, 9)
HELPFUL_SHARE = 0.8
# How far a member's rating strays from the title's taste (one standard deviation).
RATING_SPREAD = 1.4


@dataclass
class MemberPlan:
    """What one demo member does: ``title key → (rating, day)``, viewings, watchlist."""

    key: str
    ratings: dict[str, tuple[int, datetime.date]] = field(default_factory=dict)
    check_ins: list[tuple[str, datetime.date]] = field(default_factory=list)
    watchlist: list[tuple[str, datetime.date]] = field(default_factory=list)


def read_community_file() -> dict[str, Any]:
    text = (resources.files("reeldb.ingest") / "demo_data" / "community.json").read_text(
        encoding="utf-8"
    )
    data: dict[str, Any] = json.loads(text)
    return data


def anchor_day(data: Mapping[str, Any]) -> datetime.date:
    """Return the day the demo's activity ends: the file's, or today if that is still ahead.

    A fixed day keeps every load the same; a machine whose clock is behind it
    would otherwise refuse the dates as in the future.
    """
    return min(datetime.date.fromisoformat(data["anchor"]), timezone.now().date())


def _age(rng: random.Random) -> int:
    return min(int(rng.expovariate(1 / MEAN_AGE_DAYS)), HISTORY_DAYS)


def _weighted_sample(rng: random.Random, weights: Mapping[str, float], count: int) -> list[str]:
    """Return ``count`` keys drawn without replacement, heavier likelier (Efraimidis-Spirakis)."""
    keyed = sorted(weights, key=lambda key: rng.random() ** (1 / weights[key]), reverse=True)
    return keyed[:count]


def plan_community(data: Mapping[str, Any], *, anchor: datetime.date) -> list[MemberPlan]:
    """Draw every member's ratings, check-ins and watchlist from the file's seed.

    The draw depends on the file alone, never on the database, so a title
    missing from the catalogue changes nothing else. A title's weight in the
    draw grows with its taste: well-liked films are seen by more members.
    """
    rng = random.Random(data["seed"])  # noqa: S311 - a repeatable draw, not a secret
    tastes: dict[str, float] = {key: float(value) for key, value in data["titles"].items()}
    weights = {key: taste**2 for key, taste in tastes.items()}
    plans = []
    for key in data["members"]:
        plan = MemberPlan(key)
        for title in _weighted_sample(rng, weights, rng.randint(*RATED_PER_MEMBER)):
            value = round(rng.gauss(tastes[title], RATING_SPREAD))
            day = anchor - datetime.timedelta(days=_age(rng))
            plan.ratings[title] = (min(max(value, RATING_MIN), RATING_MAX), day)
            if rng.random() < CHECK_IN_SHARE:
                plan.check_ins.append((title, day))
        unseen = {title: weight for title, weight in weights.items() if title not in plan.ratings}
        for title in _weighted_sample(rng, unseen, rng.randint(*WATCHLIST_PER_MEMBER)):
            plan.watchlist.append((title, anchor - datetime.timedelta(days=_age(rng))))
        plans.append(plan)
    return plans


def _noon(day: datetime.date, minutes: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC) + (
        datetime.timedelta(minutes=minutes)
    )


class CommunityLoader:
    """One load of the demo community into ``report``."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.data = read_community_file()
        self.anchor = anchor_day(self.data)
        self.titles: dict[str, Title] = {}
        self.users: dict[str, User] = {}

    def load(self) -> None:
        plans = plan_community(self.data, anchor=self.anchor)
        self.titles = get_titles_by_tconst(self.data["titles"])
        missing = [key for key in self.data["titles"] if key not in self.titles]
        if missing:
            # Not a skipped record: the catalogue loaded without them (a trimmed
            # demo, or a bad record reported above), and only their activity waits.
            shown = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
            self.report.notes.append(
                f"{PATH}: {len(missing)} of the community's {len(self.data['titles'])} titles "
                f"are not in the catalogue ({shown}): their ratings, reviews and lists are "
                "left out."
            )
        ids = services.ensure_imported_users(source=DEMO_SOURCE, keys=self.data["members"])
        by_id = User.objects.in_bulk(list(ids.values()))
        self.users = {key: by_id[pk] for key, pk in ids.items()}
        self.report.read["demo members"] = len(self.data["members"])
        self.report.loaded["demo members"] = len(self.users)
        reviewed = self._review_ratings()
        for plan in plans:
            for title, (value, day) in reviewed.get(plan.key, {}).items():
                plan.ratings[title] = (value, plan.ratings.get(title, (value, day))[1])
            self._member(plan)
        self._reviews(plans)
        self._lists()

    def _review_ratings(self) -> dict[str, dict[str, tuple[int, datetime.date]]]:
        """Return the rating each review states, by member and title: it is their rating."""
        found: dict[str, dict[str, tuple[int, datetime.date]]] = {}
        for review in self.data["reviews"]:
            if review.get("rating") is not None:
                found.setdefault(review["member"], {})[review["title"]] = (
                    int(review["rating"]),
                    self.anchor,
                )
        return found

    def _member(self, plan: MemberPlan) -> None:
        user = self.users[plan.key]
        rows = [
            services.ImportedRating(user.pk, self.titles[key].pk, value, _noon(day, index))
            for index, (key, (value, day)) in enumerate(sorted(plan.ratings.items()))
            if key in self.titles
        ]
        with transaction.atomic():
            self.report.loaded["demo ratings"] += services.upsert_ratings(rows)
            viewings = [
                (self.titles[key].pk, day) for key, day in plan.check_ins if key in self.titles
            ]
            self.report.changed["demo check-ins"] += services.add_check_ins(
                user=user, viewings=viewings
            )
            self.report.loaded["demo check-ins"] += len(viewings)
            for key, day in plan.watchlist:
                if key in self.titles:
                    services.set_watchlisted(
                        user=user, title=self.titles[key], wanted=True, at=_noon(day)
                    )
                    self.report.loaded["demo watchlist entries"] += 1

    def _reviews(self, plans: list[MemberPlan]) -> None:
        """Write the reviews, dated on their rating's day, then draw and cast the helpful votes."""
        rng = random.Random(self.data["seed"] + 1)  # noqa: S311 - a repeatable draw
        members = list(self.data["members"])
        by_key = {plan.key: plan for plan in plans}
        for position, item in enumerate(self.data["reviews"]):
            voters = rng.sample(members, rng.randint(*VOTERS_PER_REVIEW))
            answers = [rng.random() < HELPFUL_SHARE for _ in voters]
            where = f"reviews[{position}]"
            title = self.titles.get(item["title"])
            if title is None:
                continue  # counted in the note on missing titles
            if item["member"] not in self.users:
                self.report.skip(PATH, where, f"names no demo member {item['member']!r}")
                continue
            _, day = by_key[item["member"]].ratings.get(item["title"], (None, self.anchor))
            try:
                with transaction.atomic():
                    review = services.save_review(
                        user=self.users[item["member"]],
                        title=title,
                        headline=item["headline"],
                        text=item["text"],
                        is_spoiler=bool(item.get("spoiler", False)),
                        rating=item.get("rating"),
                        written_at=_noon(day, 30),
                    )
                    for voter, helpful in zip(voters, answers, strict=True):
                        if voter != item["member"]:
                            services.vote_review(
                                user=self.users[voter], review_id=review.pk, is_helpful=helpful
                            )
                            self.report.loaded["demo helpful votes"] += 1
            except ReeldbError as error:
                self.report.skip(PATH, where, error.message)
                continue
            self.report.loaded["demo reviews"] += 1

    def _lists(self) -> None:
        for position, item in enumerate(self.data["lists"]):
            titles = [self.titles[key] for key in item["titles"] if key in self.titles]
            try:
                services.sync_list(
                    user=self.users[item["member"]],
                    name=item["name"],
                    description=item.get("description", ""),
                    is_public=True,
                    titles=titles,
                )
            except (ReeldbError, KeyError) as error:
                self.report.skip(PATH, f"lists[{position}]", str(error))
                continue
            self.report.loaded["demo lists"] += 1


def load_demo_community(report: ImportReport) -> None:
    """Load (or bring up to date) the demo community, counting into ``report``."""
    CommunityLoader(report).load()
