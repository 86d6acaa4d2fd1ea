"""Settings for the whole test session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

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
