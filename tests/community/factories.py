"""factory_boy factories for accounts and what users add."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from reeldb.community.models import Profile, Rating, Review, TitleList
from tests.catalog.factories import TitleFactory

PASSWORD = "a long passphrase 42"  # noqa: S105 - test accounts only


class UserFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)
    profile = factory.RelatedFactory(
        "tests.community.factories.ProfileFactory", factory_related_name="user"
    )


class ProfileFactory(factory.django.DjangoModelFactory[Profile]):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)


class RatingFactory(factory.django.DjangoModelFactory[Rating]):
    class Meta:
        model = Rating

    user = factory.SubFactory(UserFactory)
    title = factory.SubFactory(TitleFactory)
    value = 8


class ReviewFactory(factory.django.DjangoModelFactory[Review]):
    class Meta:
        model = Review

    user = factory.SubFactory(UserFactory)
    title = factory.SubFactory(TitleFactory)
    headline = factory.Sequence(lambda n: f"Review {n}")
    text = "Loud, funny and stylish: the guitar case shoot-out alone is worth it."


class TitleListFactory(factory.django.DjangoModelFactory[TitleList]):
    class Meta:
        model = TitleList

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"List {n}")
    is_public = True
