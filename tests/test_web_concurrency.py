"""Several users at once: 20 uploads of the 65-unit specimen at the same time, to a real server.

Protects: checks run off the event loop in worker processes and every answer
is the right one (each upload has its own name, so a report given to the
wrong request would show), within the default time limit.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx2
import pytest
from test_web_support import LARGE_UNITS, large_docx, live_server

USERS = 20


async def _upload_all(url: str, data: bytes) -> list[Any]:
    async with httpx2.AsyncClient(timeout=120) as client:
        async def one(n: int) -> Any:
            return await client.post(f"{url}/api/check",
                                     files=[("file", (f"specimen-{n:02d}.docx", data))])

        return list(await asyncio.gather(*(one(n) for n in range(USERS))))


@pytest.mark.slow
def test_twenty_concurrent_uploads_of_the_65_unit_specimen() -> None:
    data = large_docx()
    with live_server() as url:
        started = time.monotonic()
        answers = asyncio.run(_upload_all(url, data))
        elapsed = time.monotonic() - started
    assert [a.status_code for a in answers] == [200] * USERS
    for n, answer in enumerate(answers):
        report = answer.json()["reports"][0]
        assert report["file"] == f"specimen-{n:02d}.docx"
        assert report["verdict"] == "conformant"
        assert report["findings"] == []
        assert len(report["coverage"]["units"]) == LARGE_UNITS
    # Every answer equals the first but for the file name it carries.
    first = answers[0].text.replace("specimen-00.docx", "NAME")
    assert all(a.text.replace(f"specimen-{n:02d}.docx", "NAME") == first
               for n, a in enumerate(answers))
    assert elapsed < 60, f"20 concurrent checks took {elapsed:.1f} s"
    print(f"\n20 concurrent 65-unit checks: {elapsed:.1f} s")
