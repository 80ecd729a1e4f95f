"""Bearer-token authentication: the token's user becomes `request.user`, so every view and
query below acts with that user's scope, exactly as on the web."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from trithuc.api.tokens import token_for
from trithuc.core.logs import set_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_for(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        set_user(found.user)
        return found
