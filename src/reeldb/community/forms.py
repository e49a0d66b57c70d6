"""Forms for the community pages: they parse and validate input; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils import timezone

from reeldb.community.models import RATING_MAX, RATING_MIN, Review, TitleList


class SignupForm(BaseUserCreationForm):  # type: ignore[type-arg]
    """Username, e-mail and password twice, checked by Django's password validators.

    Only the username must be free: usernames are public (profile URLs), while
    an e-mail address already in use is accepted like any other, so the form
    never tells whether an address has an account.
    """

    email = forms.EmailField(max_length=254, help_text="For password resets only; never shown.")

    class Meta:
        model = get_user_model()
        fields = ("username", "email")

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken: choose another.")
        return username


class RatingForm(forms.Form):
    value = forms.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX, required=False)


class ReviewForm(forms.ModelForm):  # type: ignore[type-arg]
    rating = forms.TypedChoiceField(
        choices=[("", "No rating"), *((n, f"{n}/10") for n in range(RATING_MAX, 0, -1))],
        coerce=int,
        empty_value=None,
        required=False,
        label="Your rating",
        help_text="Your one rating of this title: the same as on its page, and changed there "
        "too when you change it here.",
    )

    class Meta:
        model = Review
        fields = ("headline", "text", "is_spoiler", "rating")
        labels = {"is_spoiler": "Contains spoilers", "text": "Review"}
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}


class CheckInForm(forms.Form):
    watched_on = forms.DateField(label="Watched on", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Today when the form is built, not when the module was imported.
        self.fields["watched_on"].initial = timezone.now().date()


class HistoryUploadForm(forms.Form):
    export = forms.FileField(
        label="Export file",
        help_text="IMDb's ratings or watchlist CSV, or Letterboxd's export (a CSV or its zip).",
    )


class TitleListForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TitleList
        fields = ("name", "description", "is_public")
        labels = {"is_public": "Public: anyone can see it"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
