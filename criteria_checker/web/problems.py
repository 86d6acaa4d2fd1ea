"""Why a request was refused, as one sentence and an HTTP status.

Every refusal the application makes, from the upload parser to a file the
reader rejects, is a :class:`WebProblem`; the API answers it as a JSON body
``{"detail": ..., "errors": [...]}``, the page shows the sentence. No
traceback ever reaches a client.
"""

from __future__ import annotations

from dataclasses import field

from criteria_checker.compiled_cache import dataclass


@dataclass(frozen=True)
class FileProblem:
    """One uploaded file that could not be checked, and the one line saying why."""

    file: str
    #: ``FILE: problem``, as the command line prints it.
    message: str


@dataclass
class WebProblem(Exception):
    """A request the application refuses, with the status to answer and what to tell the user."""

    status: int
    detail: str
    errors: list[FileProblem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.detail)

    def body(self) -> dict[str, object]:
        """The JSON body of the API's answer."""
        return {"detail": self.detail,
                "errors": [{"file": e.file, "message": e.message} for e in self.errors]}
