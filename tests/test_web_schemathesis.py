"""A property test of the API from its own OpenAPI description: no request makes a 500.

schemathesis reads /openapi.json and generates requests for every operation
(uploads of arbitrary bytes, any reference, any option value); each answer
must not be a server error, must have a documented content type, and must
match its documented schema (the report's JSON Schema for a 200 from
/api/check, the error shape for every refusal).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.transport.serialization import Binary
from test_web_support import HOSTILE, conformant_docx, conformant_xml, not_conformant_docx

from criteria_checker.web.app import create_app
from criteria_checker.web.settings import WebSettings

TOKEN = "property-test-token"
# Settings of a server open to the network (any Host name, a token), as schemathesis
# addresses the application by a name of its own.
APP = create_app(WebSettings(host="0.0.0.0", workers=2, token=TOKEN, max_file_bytes=64 * 1024))
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP,
                                        headers={"authorization": f"Bearer {TOKEN}"})
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def _mutated(data: bytes) -> st.SearchStrategy[bytes]:
    """``data`` cut short, or with one byte changed: damaged files a reader must refuse."""
    cut = st.integers(0, len(data)).map(lambda n: data[:n])
    flipped = st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)).map(
        lambda change: data[:change[0]] + bytes([change[1]]) + data[change[0] + 1:])
    return cut | flipped


# The schema only says "binary": these are the files worth sending, sound and broken.
FILE_CONTENT = st.one_of(
    st.sampled_from([conformant_docx(), conformant_xml(), not_conformant_docx()]),
    st.sampled_from([make() for _, make, _ in HOSTILE]),
    _mutated(conformant_xml()),
    _mutated(conformant_docx()),
    st.binary(max_size=4096),
)


@SCHEMA.hook
def flatmap_body(context: Any, body: Any) -> st.SearchStrategy[Any]:
    # A multipart body arrives wrapped, with its dict in ``body.body``.
    form = getattr(body, "body", body)
    if not isinstance(form, dict) or "file" not in form:
        return st.just(body)
    many = isinstance(form["file"], list)
    files = st.lists(FILE_CONTENT, min_size=1, max_size=3) if many else FILE_CONTENT

    def with_files(content: Any, rule_options: bool) -> Any:
        changed = {**form, "file": [Binary(c) for c in content] if many else Binary(content)}
        if not rule_options:
            # Arbitrary rule names are refused before any file is read: often leave them out.
            for name in ("select", "ignore", "severity"):
                changed.pop(name, None)
        return dataclasses.replace(body, body=changed) if form is not body else changed

    return st.tuples(files, st.booleans()).map(lambda drawn: with_files(*drawn))


@pytest.fixture(scope="module", autouse=True)
def stop_workers() -> Iterator[None]:
    yield
    APP.state.runner.close()


@pytest.mark.slow
@SCHEMA.parametrize()
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_no_request_makes_a_server_error(case: schemathesis.Case) -> None:
    response = case.call(headers={"authorization": f"Bearer {TOKEN}"})
    case.validate_response(response, checks=CHECKS)


def test_the_description_is_the_one_the_server_serves() -> None:
    assert SCHEMA.raw_schema["info"]["title"] == "criteria-checker"
    assert "/api/check" in SCHEMA.raw_schema["paths"]
