"""The account page where users create, see and revoke their personal API tokens."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from reeldb.api.selectors import list_tokens
from reeldb.api.services import NewToken, create_token, revoke_token
from reeldb.community import ratelimit
from reeldb.community.views import MemberRequest
from reeldb.errors import InvalidInput, ReeldbError

ROW_ID = re.compile(r"[0-9]{1,18}")


@login_required
def tokens(request: MemberRequest) -> HttpResponseBase:
    """List the user's tokens; a POST creates one (shown on this answer only) or revokes one.

    A new token is rendered in the POST's own answer, never redirected to, so
    it is in no URL or history entry, and the answer is marked not to be stored.
    """
    new: NewToken | None = None
    problem: ReeldbError | None = None
    if request.method == "POST":
        ratelimit.check_write(request.user.pk)
        revoked = request.POST.get("revoke", "")
        try:
            if revoked:
                if not ROW_ID.fullmatch(revoked):
                    raise InvalidInput("No such token.", code="token_id")
                revoke_token(user=request.user, token_id=int(revoked))
                messages.success(request, "Token revoked: it no longer works.")
                return redirect("api_tokens")
            new = create_token(user=request.user, name=request.POST.get("name", ""))
        except ReeldbError as error:
            problem = error
    response = render(
        request,
        "api/tokens.html",
        {
            "tokens": list_tokens(request.user),
            "new": new,
            "problem": problem,
            "limit": settings.REELDB_API_TOKENS_PER_USER,
        },
        status=problem.status if problem else 200,
    )
    add_never_cache_headers(response)
    return response
