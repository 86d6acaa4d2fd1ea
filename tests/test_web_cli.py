"""The ``serve`` command: its options, its warnings, and its one line without the web extra."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from click.testing import CliRunner

from criteria_checker.cli.serve import serve, startup_warnings
from criteria_checker.errors import UsageError
from criteria_checker.web.settings import WebSettings


def test_defaults_listen_on_loopback_without_warnings(served: dict[str, Any]) -> None:
    result = CliRunner().invoke(serve, [])
    assert result.exit_code == 0
    assert result.stderr == ("criteria-checker: serving on http://127.0.0.1:8000/ "
                             "(press Ctrl+C to stop)\n")
    assert (served["host"], served["port"]) == ("127.0.0.1", 8000)
    settings = served["app"].state.settings
    assert settings == WebSettings(workers=settings.workers)


def test_options_reach_the_settings(served: dict[str, Any]) -> None:
    result = CliRunner().invoke(serve, ["--port", "9123", "--max-file-size", "5",
                                        "--max-files", "3", "--time-limit", "12.5",
                                        "--workers", "3"],
                                env={"CRITERIA_CHECKER_TOKEN": "from-the-environment"})
    assert result.exit_code == 0
    assert served["app"].state.settings == WebSettings(
        port=9123, token="from-the-environment", max_file_bytes=5 * 1024 * 1024, max_files=3,
        time_limit=12.5, workers=3)


def test_binding_beyond_loopback_warns(served: dict[str, Any]) -> None:
    result = CliRunner().invoke(serve, ["--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "criteria-checker: warning: listening on 0.0.0.0, which other machines can reach; the "
        "connection is not encrypted (put a TLS proxy in front for use across a network)",
        "criteria-checker: warning: no token is set, so anyone who can reach this server can "
        "use it; set CRITERIA_CHECKER_TOKEN (or --token)",
        "criteria-checker: serving on http://0.0.0.0:8000/ (press Ctrl+C to stop)",
    ]


@pytest.mark.parametrize(("settings", "count"), [
    (WebSettings(), 0),
    (WebSettings(host="::1"), 0),
    (WebSettings(host="0.0.0.0", token="t"), 1),
    (WebSettings(host="192.168.1.20"), 2),
])
def test_startup_warnings(settings: WebSettings, count: int) -> None:
    assert len(startup_warnings(settings)) == count


def test_an_ipv6_address_is_shown_in_brackets(served: dict[str, Any]) -> None:
    result = CliRunner().invoke(serve, ["--host", "::1", "--port", "8001"])
    assert result.stderr == ("criteria-checker: serving on http://[::1]:8001/ "
                             "(press Ctrl+C to stop)\n")


@pytest.mark.parametrize(("option", "message"), [
    (["--port", "70000"], "70000 is not in the range 0<=x<=65535"),
    (["--max-files", "0"], "0 is not in the range x>=1"),
    (["--time-limit", "0"], "0.0 is not in the range x>0"),
])
def test_bad_options(served: dict[str, Any], option: list[str], message: str) -> None:
    result = CliRunner().invoke(serve, option)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(("values", "message"), [
    ({"token": "  "}, "--token: the token is empty"),
    ({"port": -1}, "--port -1: choose a port from 0 to 65535"),
    ({"max_file_bytes": 0}, "--max-file-size: give a size of at least 1 MB"),
    ({"workers": 0}, "--workers: use at least 1 worker process"),
])
def test_settings_refuse_nonsense(values: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError) as error:
        WebSettings(**values)
    assert str(error.value) == message


def test_without_the_web_extra_serve_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)
    result = CliRunner().invoke(serve, [])
    assert result.exit_code == 2
    assert result.stderr == ("criteria-checker: error: serve needs the web extra: "
                             "pip install 'criteria-checker[web]'\n")
