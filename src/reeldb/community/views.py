"""Thin views for accounts, ratings, reviews, watchlists, check-ins, lists and profiles.

Every write is a POST (CSRF-checked by Django's middleware), needs a signed-in
user, counts against the user's write rate limit, and calls one service. An
htmx request gets the fragment it swaps; a plain form post is redirected back,
so every control also works without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import get_title_or_404
from reeldb.community import history as history_io
from reeldb.community import ratelimit, selectors, services
from reeldb.community.forms import (
    CheckInForm,
    HistoryUploadForm,
    RatingForm,
    ReviewForm,
    SignupForm,
    TitleListForm,
)
from reeldb.community.models import ReviewSort
from reeldb.errors import InvalidInput, NotFound, ReeldbError

PANEL = "community/_title_panel.html"
# A row id as a form posts it: ASCII digits, few enough for a 64-bit column.
ROW_ID = re.compile(r"[0-9]{1,18}")


class MemberRequest(HttpRequest):
    """A request from a signed-in user, as ``write_view`` and ``login_required`` views get."""

    user: User


View = Callable[..., HttpResponseBase]


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def safe_next(request: HttpRequest) -> str:
    """Return the ``next`` the request carries (form or query) if it is on this site, else "".

    Only a same-host URL passes (``url_has_allowed_host_and_scheme``): an
    account page must never send someone on to another site.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the page the form was on, if it is ours, else to ``fallback``.

    The target is a URL, never a view name: ``redirect("-1")`` would try to
    reverse it and fail.
    """
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def write_view(view: View) -> View:
    """Make ``view`` a rate-limited POST for signed-in users.

    A signed-out visitor is sent to the log-in page (htmx follows ``HX-Redirect``).
    """

    @wraps(view)
    @require_POST
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            # redirect_to_login quotes ``next``: a CR or LF in it stays out of the header.
            to_login = redirect_to_login(request.POST.get("next") or request.get_full_path())
            if _is_htmx(request):
                return HttpResponse(
                    status=HTTPStatus.NO_CONTENT, headers={"HX-Redirect": to_login.url}
                )
            return to_login
        ratelimit.check_write(request.user.pk)
        return view(request, *args, **kwargs)

    return wrapped


# Accounts


def _check_attempts(scope: str, request: HttpRequest) -> None:
    """Count a sign-up or reset attempt from this client; raise ``RateLimited`` past it."""
    ratelimit.check(
        scope,
        _client_address(request),
        limit=settings.REELDB_LOGIN_ATTEMPTS,
        window=settings.REELDB_LOGIN_WINDOW,
    )


def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and sign in; the page never says whether an e-mail is known.

    A safe ``next`` (say the film whose "Sign in to rate" led here) is where
    the new user lands; without one, their profile.
    """
    form = SignupForm(request.POST or None)
    next_url = safe_next(request)
    if request.method == "POST":
        _check_attempts("signup", request)
        if form.is_valid():
            try:
                user = services.create_account(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                )
            except ReeldbError as error:
                form.add_error(None, error.message)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"Welcome to reeldb, {user.username}.")
                if next_url:
                    return HttpResponseRedirect(next_url)
                return redirect("community:profile", username=user.username)
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


class LoginView(auth_views.LoginView):
    """Django's log-in, slowed by growing delays after failures, never locking an account.

    Failures count per client address and username together, so a stranger
    typing wrong passwords for someone's public username slows only their own
    attempts: the owner, from another address, still logs in. Each address
    also counts its failures across usernames, against trying one password
    on many accounts. Past the free failures each wait doubles, up to one
    window (``reeldb.community.ratelimit.fail``).
    """

    def _keys(self) -> dict[str, str]:
        address = _client_address(self.request)
        username = self.request.POST.get("username", "").strip().lower()[:150]
        return {"login": f"{address}:{username}", "login-address": address}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = max(ratelimit.wait_left(scope, key) for scope, key in self._keys().items())
        if wait:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, f"Too many log-in attempts: wait {wait} second(s) and try again.")
            refused = self.render_to_response(
                self.get_context_data(form=form), status=HTTPStatus.TOO_MANY_REQUESTS
            )
            refused["Retry-After"] = str(wait)
            return refused
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        keys = self._keys()
        window = settings.REELDB_LOGIN_WINDOW
        ratelimit.fail(
            "login", keys["login"], free=settings.REELDB_LOGIN_FREE_FAILURES, window=window
        )
        ratelimit.fail(
            "login-address",
            keys["login-address"],
            free=settings.REELDB_LOGIN_ATTEMPTS,
            window=window,
        )
        response: HttpResponse = super().form_invalid(form)
        return response

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        ratelimit.forget("login", self._keys()["login"], window=settings.REELDB_LOGIN_WINDOW)
        response: HttpResponse = super().form_valid(form)
        return response


class LogoutView(auth_views.LogoutView):
    """Django's log-out (POST only, so no link or image can sign anyone out), with a GET page.

    IMDb's ``/accounts/logout/`` habit is a link: a GET shows a page that
    asks, with the button that posts; a visitor who is not signed in is told so.
    """

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, "registration/logout_confirm.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, limited per user: the old password must not be guessable here."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ratelimit.check(
            "password-change",
            str(request.user.pk),
            limit=settings.REELDB_LOGIN_ATTEMPTS,
            window=settings.REELDB_LOGIN_WINDOW,
        )
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset (the same answer for known and unknown addresses), rate-limited."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _check_attempts("reset", request)
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response


def profile(request: HttpRequest, username: str) -> HttpResponse:
    page = selectors.get_profile_page(username, viewer=request.user)
    return render(request, "community/profile.html", {"page": page})


@login_required
def history(request: MemberRequest) -> HttpResponseBase:
    """Upload an IMDb or Letterboxd export and see what matched; download exports.

    The page also follows the user's latest background import; htmx polls its
    fragment until the import ends.
    """
    form = HistoryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _import_history(request, form)
    progress = history_io.get_latest_import(request.user)
    if _is_htmx(request):
        return render(
            request,
            "community/history.html#import-job",
            {"progress": progress, "issues_shown": history_io.ISSUES_SHOWN},
        )
    return _history_page(request, form=form, progress=progress)


def _history_page(
    request: MemberRequest,
    *,
    form: HistoryUploadForm,
    report: history_io.HistoryReport | None = None,
    progress: history_io.ImportProgress | None = None,
) -> HttpResponse:
    return render(
        request,
        "community/history.html",
        {
            "form": form,
            "formats": history_io.EXPORT_FORMATS,
            "report": report,
            "progress": progress,
            "issues_shown": history_io.ISSUES_SHOWN,
        },
    )


@write_view
def _import_history(request: MemberRequest, form: HistoryUploadForm) -> HttpResponseBase:
    """Import a small upload now; queue a large one for the worker and show its progress."""
    upload = form.cleaned_data["export"]
    limit = settings.REELDB_UPLOAD_MAX_BYTES
    # One byte past the cap is enough for the check to refuse a larger file.
    checked = history_io.check_upload(name=upload.name or "upload", data=upload.read(limit + 1))
    if checked.size.lines > settings.REELDB_UPLOAD_INLINE_ROWS:
        history_io.queue_history_import(user=request.user, upload=checked)
        return redirect("community:history")
    report = history_io.import_history(user=request.user, upload=checked)
    return _history_page(request, form=HistoryUploadForm(), report=report)


@login_required
def export_history(request: MemberRequest, export: str) -> HttpResponseBase:
    """Download the user's ratings, watchlist or diary as IMDb or Letterboxd CSV."""
    content = history_io.export_history(
        user=request.user, export=export, base_url=request.build_absolute_uri("/")[:-1]
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reeldb-{export}.csv"'
    return response


# Title page controls


def _title(title_id: str) -> Title:
    return get_title_or_404(title_id)


def _panel(request: HttpRequest, title: Title, partial_name: str) -> HttpResponse:
    """Render one fragment of the title page's community panel, or go back to the page."""
    if not _is_htmx(request):
        return _back(request, title.get_absolute_url())
    community = selectors.get_title_community(title, request.user)
    return render(
        request,
        f"{PANEL}#{partial_name}",
        {"title": title, "community": community, "check_in_form": CheckInForm()},
    )


@write_view
def rate(request: MemberRequest, title_id: str) -> HttpResponse:
    """Set the user's rating (``value`` 1-10), or remove it (``remove``)."""
    title = _title(title_id)
    form = RatingForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("A rating is a whole number from 1 to 10.")
    value = form.cleaned_data["value"]
    if "remove" in request.POST or value is None:
        services.remove_rating(user=request.user, title=title)
    else:
        services.set_rating(user=request.user, title=title, value=value)
    return _panel(request, title, "rating-update")


@write_view
def watchlist(request: MemberRequest, title_id: str) -> HttpResponse:
    """Put the title on the watchlist (``wanted=1``) or take it off (``wanted=0``)."""
    title = _title(title_id)
    wanted = request.POST.get("wanted") == "1"
    services.set_watchlisted(user=request.user, title=title, wanted=wanted)
    if not _is_htmx(request):
        return _back(request, title.get_absolute_url())
    # Every button for this title on the page is swapped out of band: a title
    # can show in several places at once (a card and a chart row).
    return render(
        request,
        f"{PANEL}#watchlist-button",
        {"title": title, "watchlisted": wanted, "next": request.POST.get("next", ""), "oob": True},
    )


@write_view
def check_in(request: MemberRequest, title_id: str) -> HttpResponse:
    title = _title(title_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Give the date you watched it.")
    services.check_in(user=request.user, title=title, watched_on=form.cleaned_data["watched_on"])
    return _panel(request, title, "check-in")


def _posted_id(request: HttpRequest, name: str, *, problem: str) -> int:
    """Return the row id posted as ``name``, or raise ``InvalidInput`` saying ``problem``.

    Only ASCII digits a 64-bit column holds pass: ``"²".isdigit()`` is true
    but ``int("²")`` fails, and SQLite overflows on 10**20.
    """
    raw = request.POST.get(name, "")
    if not ROW_ID.fullmatch(raw):
        raise InvalidInput(problem)
    return int(raw)


@write_view
def add_to_list(request: MemberRequest, title_id: str) -> HttpResponse:
    title = _title(title_id)
    list_id = _posted_id(request, "list", problem="Choose one of your lists.")
    added = services.add_to_list(user=request.user, list_id=list_id, title=title)
    (messages.success if added.is_new else messages.info)(request, added.message)
    return _back(request, title.get_absolute_url())


# Reviews


def reviews(request: HttpRequest, title_id: str) -> HttpResponse:
    title = _title(title_id)
    page = selectors.get_reviews_page(title, sort=request.GET.get("sort", ""), user=request.user)
    template = "community/reviews.html"
    if _is_htmx(request):
        template += "#review-list"
    return render(request, template, {"title": title, "page": page, "sorts": ReviewSort.choices})


@login_required
def write_review(request: MemberRequest, title_id: str) -> HttpResponseBase:
    """Write a review of the title, or edit the user's own: one per user and title."""
    title = _title(title_id)
    own, rating = selectors.get_review_draft(title, request.user)
    # A new review starts from the user's rating of the title, if any.
    form = ReviewForm(request.POST or None, instance=own, initial={"rating": rating})
    if request.method == "POST" and form.is_valid():
        return _save_review(request, title, form)
    return render(request, "community/review_form.html", {"title": title, "form": form, "own": own})


@write_view
def _save_review(request: MemberRequest, title: Title, form: ReviewForm) -> HttpResponse:
    review = services.save_review(
        user=request.user,
        title=title,
        headline=form.cleaned_data["headline"],
        text=form.cleaned_data["text"],
        is_spoiler=form.cleaned_data["is_spoiler"],
        rating=form.cleaned_data["rating"],
    )
    messages.success(request, "Your review is published.")
    return redirect(review)


def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review_or_404(review_id)
    return render(
        request, "community/review_detail.html", {"review": review, "title": review.title}
    )


@write_view
def delete_review(request: MemberRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review_or_404(review_id)
    services.delete_review(user=request.user, review_id=review.pk)
    messages.success(request, "Your review is deleted.")
    return redirect("community:reviews", title_id=review.title.public_id)


@write_view
def vote_review(request: MemberRequest, review_id: int) -> HttpResponse:
    """Answer "was this review helpful?" with ``helpful=yes`` or ``no``."""
    answer = request.POST.get("helpful")
    if answer not in {"yes", "no"}:
        raise InvalidInput("Answer yes or no.")
    review = services.vote_review(
        user=request.user, review_id=review_id, is_helpful=answer == "yes"
    )
    if not _is_htmx(request):
        return _back(request, review.get_absolute_url())
    return render(
        request,
        "community/_review.html#helpful",
        {"review": review, "vote": answer == "yes"},
    )


# Lists


@login_required
def new_list(request: MemberRequest) -> HttpResponseBase:
    """Make a list; ``?title=tt…`` (from a title page) starts it with that title."""
    form = TitleListForm(request.POST or None)
    raw_title = request.POST.get("title") or request.GET.get("title") or ""
    first_title = _title(raw_title) if raw_title else None
    if request.method == "POST" and form.is_valid():
        return _create_list(request, form, first_title)
    return render(
        request,
        "community/list_form.html",
        {"form": form, "title_list": None, "first_title": first_title},
    )


@write_view
def _create_list(
    request: MemberRequest, form: TitleListForm, first_title: Title | None
) -> HttpResponse:
    title_list = services.create_list(
        user=request.user, first_title=first_title, **form.cleaned_data
    )
    return redirect(title_list)


def list_index(request: HttpRequest) -> HttpResponse:
    """``/lists?page=2``: users' public lists, most recently changed first."""
    number = request.GET.get("page", "1")
    page = selectors.get_public_lists_page(page=int(number) if number.isdecimal() else 1)
    return render(request, "community/list_index.html", {"page": page})


def list_detail(request: HttpRequest, list_id: int, *, notice: str = "") -> HttpResponse:
    page = selectors.get_list_page(list_id, viewer=request.user)
    template = "community/list_detail.html"
    if _is_htmx(request):
        template += "#list-items"
    return render(request, template, {"page": page, "notice": notice})


@write_view
def add_list_item(request: MemberRequest, list_id: int) -> HttpResponse:
    """Add the title ``title`` (its public id, tt… or rt…) from the list's own search box.

    An htmx request gets the list back with a line saying what happened,
    "already on the list" included; a plain post goes back to the list.
    """
    raw = request.POST.get("title", "")
    title = _title(raw) if raw else None
    if title is None:
        raise InvalidInput("Choose a title to add.")
    added = services.add_to_list(user=request.user, list_id=list_id, title=title)
    if _is_htmx(request):
        return list_detail(request, list_id, notice=added.message)
    (messages.success if added.is_new else messages.info)(request, added.message)
    return redirect("community:list", list_id)


@login_required
def edit_list(request: MemberRequest, list_id: int) -> HttpResponseBase:
    page = selectors.get_list_page(list_id, viewer=request.user)
    if not page.is_owner:
        raise NotFound("No such list.")
    form = TitleListForm(request.POST or None, instance=page.title_list)
    if request.method == "POST" and form.is_valid():
        return _update_list(request, list_id, form)
    return render(
        request, "community/list_form.html", {"form": form, "title_list": page.title_list}
    )


@write_view
def _update_list(request: MemberRequest, list_id: int, form: TitleListForm) -> HttpResponse:
    title_list = services.update_list(user=request.user, list_id=list_id, **form.cleaned_data)
    return redirect(title_list)


@write_view
def delete_list(request: MemberRequest, list_id: int) -> HttpResponse:
    services.delete_list(user=request.user, list_id=list_id)
    messages.success(request, "The list is deleted.")
    return redirect("community:profile", username=request.user.get_username())


def _title_id_param(request: HttpRequest) -> int:
    return _posted_id(request, "title", problem="Name a title on the list.")


@write_view
def remove_list_item(request: MemberRequest, list_id: int) -> HttpResponse:
    services.remove_from_list(user=request.user, list_id=list_id, title_id=_title_id_param(request))
    return (
        list_detail(request, list_id) if _is_htmx(request) else redirect("community:list", list_id)
    )


@write_view
def move_list_item(request: MemberRequest, list_id: int) -> HttpResponse:
    """Move a title up (``offset=-1``) or down (``offset=1``) the list."""
    offset = request.POST.get("offset", "")
    if offset not in {"-1", "1"}:
        raise InvalidInput("Move a title one place up or down.")
    services.move_in_list(
        user=request.user, list_id=list_id, title_id=_title_id_param(request), offset=int(offset)
    )
    return (
        list_detail(request, list_id) if _is_htmx(request) else redirect("community:list", list_id)
    )
