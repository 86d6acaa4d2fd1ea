"""What the web application may do: where it listens, who may use it, how much it accepts."""

from __future__ import annotations

import ipaddress
import os

from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import UsageError

#: The environment variable that can carry the bearer token instead of ``--token``.
TOKEN_VARIABLE = "CRITERIA_CHECKER_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MEGABYTE = 1024 * 1024
#: Host header values a server bound to loopback answers to (defence against DNS rebinding).
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


@dataclass(frozen=True)
class WebSettings:
    """The limits and safety settings of one running server."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    #: Every API call and the page must present this token; None: no token needed.
    token: str | None = None
    #: Largest accepted upload, per file.
    max_file_bytes: int = 20 * MEGABYTE
    #: Most files in one request.
    max_files: int = 10
    #: Seconds a request may take, upload and checks together.
    time_limit: float = 60.0
    #: Worker processes that run the checks.
    workers: int = 2

    def __post_init__(self) -> None:
        if self.token is not None and not self.token.strip():
            raise UsageError("--token: the token is empty")
        if not 0 <= self.port <= 65535:
            raise UsageError(f"--port {self.port}: choose a port from 0 to 65535")
        if self.max_file_bytes < 1:
            raise UsageError("--max-file-size: give a size of at least 1 MB")
        if self.max_files < 1:
            raise UsageError("--max-files: allow at least 1 file per request")
        if self.time_limit <= 0:
            raise UsageError("--time-limit: give a number of seconds above 0")
        if self.workers < 1:
            raise UsageError("--workers: use at least 1 worker process")

    @property
    def loopback(self) -> bool:
        """True when only this machine can reach the server."""
        return is_loopback(self.host)

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        """Host header values to answer; ``("*",)`` for any when bound beyond loopback."""
        return LOOPBACK_NAMES if self.loopback else ("*",)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_workers() -> int:
    """Worker processes by default: the processor count, between 1 and 4."""
    return max(1, min(4, os.cpu_count() or 1))
