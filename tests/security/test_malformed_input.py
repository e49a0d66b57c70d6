"""No malformed value in a form field, query parameter, path id or header makes a 500.

Every URL pattern of ``reeldb.urls`` is requested with GET and POST, signed in
and signed out, plain and as htmx, with malformed values (digits that are not
ASCII, numbers past 64 bits, CR/LF, NUL, very long text) in every parameter a
view or form reads; the answer must be a page or an error page, never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.contrib.auth import forms as auth_forms
from django.test import Client
from django.urls import URLPattern, URLResolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reeldb import urls
from reeldb.community import forms as community_forms
from reeldb.search import forms as search_forms
from tests.catalog.factories import PersonFactory, TitleFactory
from tests.community.factories import ReviewFactory, TitleListFactory, UserFactory

SOURCE = Path(__file__).resolve().parents[2] / "src" / "reeldb"
HUGE = "1" + "0" * 20

MALFORMED = [
    "²",
    "٣",
    "١٢٣٤٥٦٧",
    HUGE,
    "-1",
    "1.5",
    "1e3",
    "",
    " ",
    "\r\nX-Injected: yes",
    "/after\r\nX-Injected: yes",
    "\x00",
    "a\x00b",
    "x" * 20_000,
    "https://evil.example/",
    "//evil.example",
    "9999-12-31",
    "0001-01-01",
    "🎬",
]


def _parameter_names() -> list[str]:
    """Return every name a view reads from GET or POST, and every field of the site's forms."""
    # request.GET.get("q"), "remove" in request.POST, _posted_id(request, "list", …)
    read = re.compile(
        r"request\.(?:GET|POST)\.get\(\s*\"(\w+)\"|\"(\w+)\" in request\.POST|\(request, \"(\w+)\""
    )
    names = {
        name
        for path in SOURCE.rglob("*.py")
        for match in read.finditer(path.read_text(encoding="utf-8"))
        for name in match.groups()
        if name
    }
    form_classes: list[type[forms.BaseForm]] = [
        auth_forms.AuthenticationForm,
        auth_forms.PasswordChangeForm,
        auth_forms.PasswordResetForm,
        auth_forms.SetPasswordForm,
        *(
            value
            for module in (community_forms, search_forms)
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, forms.BaseForm)
        ),
    ]
    for form_class in form_classes:
        names.update(form_class.base_fields)
    return sorted(names)


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    """Yield the route of every URL pattern, includes expanded."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


ROUTES = sorted(set(_routes(urls.urlpatterns)))
PARAMETERS = _parameter_names()
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


@pytest.fixture
def site(db: None, settings: Any) -> dict[str, Any]:
    """Return a member, and the path values that name objects the member owns or may see."""
    settings.REELDB_WRITE_LIMIT = settings.REELDB_LOGIN_ATTEMPTS = 1_000_000
    settings.REELDB_LOGIN_FREE_FAILURES = 1_000_000
    member = UserFactory()
    title = TitleFactory()
    values = {
        "title_id": title.tconst,
        "person_id": PersonFactory().nconst,
        "list_id": str(TitleListFactory(user=member).pk),
        "review_id": str(ReviewFactory(title=title).pk),
        "username": member.username,
        "export": "ratings",
        "uidb64": "MQ",
        "token": "set-password",
        "path": "images/00/none.webp",
        # The API's and the TMDB subset's path parameters.
        "kind": "top",
        "movie_id": str(title.pk),
        "tv_id": str(title.pk),
        "season_number": "1",
        "external_id": title.tconst,
    }
    return {"member": member, "values": values}


def _path(route: str, values: dict[str, str]) -> str:
    return "/" + CONVERTER.sub(lambda match: values[match.group(2)], route)


def _request(client: Client, method: str, path: str, data: dict[str, str], htmx: bool) -> int:
    headers = {"HX-Request": "true"} if htmx else {}
    response = getattr(client, method)(path, data, headers=headers)
    status: int = response.status_code
    return status


def _answers(site: dict[str, Any], path: str, data: dict[str, str]) -> Iterator[int]:
    """Yield the statuses of ``data`` sent to ``path``: GET and POST, in and out, htmx or not."""
    for signed_in in (False, True):
        client = Client()
        if signed_in:
            client.force_login(site["member"])
        for method in ("get", "post"):
            for htmx in (False, True):
                yield _request(client, method, path, data, htmx)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("value", MALFORMED)
def test_no_parameter_of_any_page_makes_a_500(site: dict[str, Any], route: str, value: str) -> None:
    """Every parameter at once holds the malformed value, so each view meets it in its own."""
    path = _path(route, site["values"])

    assert max(_answers(site, path, dict.fromkeys(PARAMETERS, value))) < 500


@pytest.mark.parametrize("route", ROUTES)
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.sampled_from(MALFORMED) | st.text(max_size=40),
        max_size=4,
    ),
)
def test_no_mix_of_parameters_makes_a_500(
    site: dict[str, Any], route: str, data: dict[str, str]
) -> None:
    """Some parameters malformed and the rest missing or valid-looking text."""
    assert max(_answers(site, _path(route, site["values"]), data)) < 500


@pytest.mark.parametrize("route", [route for route in ROUTES if CONVERTER.search(route)])
@pytest.mark.parametrize("value", [HUGE, "tt" + "١" * 7, "rt" + "9" * 12, "²", "%00"])
def test_no_malformed_path_id_makes_a_500(site: dict[str, Any], route: str, value: str) -> None:
    path = _path(route, dict.fromkeys(site["values"], value))

    assert max(_answers(site, path, {})) < 500
