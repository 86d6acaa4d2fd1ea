"""The bearer token a server bound beyond this machine can require.

API clients send ``Authorization: Bearer TOKEN``. A browser cannot add that
header to a form or a link, so the page asks for the token once and keeps it
in an HttpOnly, SameSite=Strict cookie, which other sites cannot make the
browser send. Tokens are compared in constant time.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request

from criteria_checker.web.problems import WebProblem

#: The cookie that carries the token for the page.
COOKIE = "criteria_checker_token"


class TokenGate:
    """Decides whether a request presents the server's token (always yes without one)."""

    def __init__(self, token: str | None) -> None:
        self._token = token.encode("utf-8") if token is not None else None

    @property
    def required(self) -> bool:
        return self._token is not None

    def matches(self, candidate: str) -> bool:
        """True when ``candidate`` is the token (constant-time comparison)."""
        if self._token is None:
            return True
        return hmac.compare_digest(candidate.encode("utf-8", "replace"), self._token)

    def allows(self, request: Request) -> bool:
        """True when the request carries the token as a bearer header or the page's cookie."""
        if self._token is None:
            return True
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and self.matches(value.strip()):
            return True
        cookie = request.cookies.get(COOKIE)
        return cookie is not None and self.matches(cookie)


def require_token(request: Request) -> None:
    """Dependency of every API route: a 401 WebProblem unless the request has the token."""
    gate: TokenGate = request.app.state.gate
    if not gate.allows(request):
        raise WebProblem(401, "this server needs a token: send the header "
                              "'Authorization: Bearer TOKEN'",
                         headers={"WWW-Authenticate": 'Bearer realm="criteria-checker"'})
