"""Settings for the whole test session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache() -> Iterator[None]:
    # The compiled cache of criteria and rules goes to a folder of the session's own,
    # shared by the processes the tests start, never the user's cache.
    with tempfile.TemporaryDirectory(prefix="criteria-checker-cache-") as folder:
        previous = os.environ.get("CRITERIA_CHECKER_CACHE_DIR")
        os.environ["CRITERIA_CHECKER_CACHE_DIR"] = folder
        yield
        if previous is None:
            del os.environ["CRITERIA_CHECKER_CACHE_DIR"]
        else:
            os.environ["CRITERIA_CHECKER_CACHE_DIR"] = previous


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Stands in for uvicorn.run: records what `serve` would have served, and how."""
    import uvicorn

    calls: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        calls["app"] = app
        calls.update(kwargs)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("CRITERIA_CHECKER_TOKEN", raising=False)
    return calls
