"""The web server honours the configuration file, as the command line does.

Protects: a configuration changes the API's reports exactly as it changes
``criteria-checker check --format json`` on the same files; what a request
states wins over it, as the command line does; per-path overrides apply by
the upload's file name; ``serve`` finds the file where it starts (or takes
``--config`` / ``--no-config``) and refuses a bad one in one line before it
listens; GET /api/config shows the settings without the server's folders.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from criteria_checker.cli import main
from criteria_checker.cli.serve import serve
from criteria_checker.config import load_config
from criteria_checker.paths import DEFAULT_CRITERIA_ID, criteria_dir, rules_dir
from criteria_checker.web.app import create_app
from criteria_checker.web.settings import WebSettings

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
TQT_HIGH = "tqt-above-band.xml"  # HRS001 and two OPT004 errors
TITLE_WRONG = "title-wrong.xml"  # TTL001
NUMBER_MISSING = "no-qualification-number.xml"  # QAN003, an info finding only
CHECK_CHARACTER = "qualification-number-check-character.xml"  # QAN002, a warning
GRID_SPEC = "grid-contradicts-mapping.xml"  # COV005 once its grid is joined
GRID = "grid-contradicts-mapping.mapping.csv"
SHARED_TITLE = "Level 5 Diploma in Leadership and Management for Adult Care (England)"


# -- making projects, and running the command line and the API in them ----------------

def _house_criteria(folder: Path) -> None:
    """A criteria file of the project's own: another id, and a TQT band up to 1000."""
    text = (criteria_dir() / f"{DEFAULT_CRITERIA_ID}.yaml").read_text("utf-8")
    text = text.replace(f"id: {DEFAULT_CRITERIA_ID}", "id: house-l5", 1)
    text = text.replace("tqt: {min: 900, max: 950}", "tqt: {min: 900, max: 1000}", 1)
    (folder / "sets").mkdir()
    (folder / "sets" / "house.yaml").write_text(text, "utf-8")


def _house_rules(folder: Path) -> None:
    """The bundled hours rules only, with HRS001 a warning."""
    (folder / "house-rules").mkdir()
    text = (rules_dir() / "hours.yaml").read_text("utf-8")
    text = text.replace("- id: HRS001\n  name: tqt-in-band\n  severity: error",
                        "- id: HRS001\n  name: tqt-in-band\n  severity: warning", 1)
    assert "severity: warning" in text
    (folder / "house-rules" / "hours.yaml").write_text(text, "utf-8")


def _grid(folder: Path) -> None:
    (folder / "grids").mkdir()
    shutil.copyfile(SPECIMENS / GRID, folder / "grids" / "units.csv")


def make_project(folder: Path, config: str, specs: dict[str, str],
                 extra: Any = None) -> Path:
    """``.criteria-checker.toml`` holding ``config``, and specimens under the names given."""
    (folder / ".criteria-checker.toml").write_text(config, "utf-8")
    for name, specimen in specs.items():
        shutil.copyfile(SPECIMENS / specimen, folder / name)
    if extra is not None:
        extra(folder)
    return folder


def cli_document(folder: Path, names: list[str], args: list[str],
                 capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                 ) -> dict[str, Any]:
    """What `criteria-checker check NAMES --format json ARGS` prints, run in ``folder``."""
    monkeypatch.chdir(folder)
    with pytest.raises(SystemExit):
        main(["check", *names, "--format", "json", *args])
    out, err = capsys.readouterr()
    assert out, err
    # A grid of the configuration is named by its path on the command line; on the web,
    # relative to the configuration's folder.
    document: dict[str, Any] = json.loads(out.replace(f"{folder}/", ""))
    return document


@contextmanager
def web_client(folder: Path | None, **settings: Any) -> Iterator[TestClient]:
    """A client of the application serving the configuration found in ``folder``."""
    config = load_config(folder) if folder is not None else None
    app = create_app(WebSettings(workers=1, **settings), config)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


def web_document(client: TestClient, folder: Path, names: list[str],
                 fields: dict[str, Any], grids: tuple[str, ...] = ()) -> dict[str, Any]:
    files = [("file", (name, (folder / name).read_bytes())) for name in names]
    files += [("mapping", (name, (folder / name).read_bytes())) for name in grids]
    answer = client.post("/api/check", files=files, data=fields)
    assert answer.status_code == 200, answer.text
    document: dict[str, Any] = answer.json()
    return document


def findings(document: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    return {r["file"]: [(f["rule_id"], f["severity"]) for f in r["findings"]]
            for r in document["reports"]}


# -- the configuration changes the web's reports as it changes check's ----------------

CASES = [
    pytest.param("", {"spec.xml": TQT_HIGH}, None,
                 {"spec.xml": [("HRS001", "error"), ("OPT004", "error"), ("OPT004", "error")]},
                 id="empty"),
    pytest.param('select = ["HRS001"]', {"spec.xml": TQT_HIGH}, None,
                 {"spec.xml": [("HRS001", "error")]}, id="select"),
    pytest.param('ignore = ["OPT004"]', {"spec.xml": TQT_HIGH}, None,
                 {"spec.xml": [("HRS001", "error")]}, id="ignore"),
    pytest.param('severity = { HRS001 = "warning", OPT004 = "info" }', {"spec.xml": TQT_HIGH},
                 None, {"spec.xml": [("HRS001", "warning"), ("OPT004", "info"),
                                     ("OPT004", "info")]}, id="severity"),
    pytest.param('fail-on = "warning"', {"spec.xml": CHECK_CHARACTER}, None,
                 {"spec.xml": [("QAN002", "warning")]}, id="fail-on-warning"),
    pytest.param('fail-on = "info"', {"spec.xml": NUMBER_MISSING}, None,
                 {"spec.xml": [("QAN003", "info")]}, id="fail-on-info"),
    pytest.param(f'shared-title = "{SHARED_TITLE}"', {"spec.xml": TITLE_WRONG}, None,
                 {"spec.xml": []}, id="shared-title"),
    pytest.param('criteria = "sets/house.yaml"', {"spec.xml": TQT_HIGH}, _house_criteria,
                 {"spec.xml": []}, id="criteria-file"),
    pytest.param(f'criteria = "{DEFAULT_CRITERIA_ID}"\nselect = ["HRS001"]',
                 {"spec.xml": TQT_HIGH}, None, {"spec.xml": [("HRS001", "error")]},
                 id="criteria-id"),
    pytest.param('rules = "house-rules"', {"spec.xml": TQT_HIGH}, _house_rules,
                 {"spec.xml": [("HRS001", "warning")]}, id="rules-folder"),
    pytest.param('rules = "house-rules/hours.yaml"\nfail-on = "warning"',
                 {"spec.xml": TQT_HIGH}, _house_rules,
                 {"spec.xml": [("HRS001", "warning")]}, id="rules-file"),
    pytest.param('select = ["COV005"]\nmapping = ["grids/units.csv"]', {"spec.xml": GRID_SPEC},
                 _grid, {"spec.xml": [("COV005", "warning")]}, id="mapping"),
    pytest.param('fail-on = "warning"\n[per-path]\n'
                 '"*-draft.xml" = { fail-on = "error", ignore = ["QAN003"] }\n'
                 '"drafts/*.xml" = { select = ["HRS001"] }\n',
                 {"final.xml": CHECK_CHARACTER, "final-draft.xml": CHECK_CHARACTER,
                  "other-draft.xml": NUMBER_MISSING},
                 None, {"final.xml": [("QAN002", "warning")],
                        "final-draft.xml": [("QAN002", "warning")],
                        "other-draft.xml": []}, id="per-path"),
    pytest.param('ignore = ["QAN002"]\n[per-path."**/spec-b.xml"]\nselect = ["QAN002"]\n'
                 f'ignore = []\nshared-title = "{SHARED_TITLE}"\n',
                 {"spec-a.xml": CHECK_CHARACTER, "spec-b.xml": CHECK_CHARACTER}, None,
                 {"spec-a.xml": [], "spec-b.xml": [("QAN002", "warning")]},
                 id="per-path-any-folder"),
]


@pytest.mark.parametrize(("config", "specs", "extra", "expected"), CASES)
def test_the_api_reports_what_check_reports_under_the_same_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    config: str, specs: dict[str, str], extra: Any,
    expected: dict[str, list[tuple[str, str]]],
) -> None:
    folder = make_project(tmp_path, config, specs, extra)
    names = list(specs)
    cli = cli_document(folder, names, [], capsys, monkeypatch)
    with web_client(folder) as client:
        web = web_document(client, folder, names, {})
    assert findings(cli) == expected  # the case shows what it claims to
    assert web == cli


EXPLICIT = [
    pytest.param('fail-on = "warning"', {"spec.xml": CHECK_CHARACTER}, None,
                 {"fail_on": "error"}, ["--fail-on", "error"], id="fail-on"),
    pytest.param('ignore = ["OPT004"]', {"spec.xml": TQT_HIGH}, None,
                 {"ignore": "HRS001"}, ["--ignore", "HRS001"], id="ignore-replaces"),
    pytest.param('select = ["HRS001"]', {"spec.xml": TQT_HIGH}, None,
                 {"select": "OPT004,HRS001"}, ["--select", "OPT004,HRS001"], id="select"),
    pytest.param('severity = { HRS001 = "warning" }', {"spec.xml": TQT_HIGH}, None,
                 {"severity": ["OPT004=info"]}, ["--severity", "OPT004=info"], id="severity"),
    pytest.param(f'shared-title = "{SHARED_TITLE}"', {"spec.xml": TITLE_WRONG}, None,
                 {"shared_title": "Another title"}, ["--shared-title", "Another title"],
                 id="shared-title"),
    pytest.param('criteria = "sets/house.yaml"', {"spec.xml": TQT_HIGH}, _house_criteria,
                 {"criteria": DEFAULT_CRITERIA_ID}, ["--criteria", DEFAULT_CRITERIA_ID],
                 id="criteria-bundled"),
    pytest.param('criteria = "sets/house.yaml"', {"spec.xml": TQT_HIGH}, _house_criteria,
                 {"criteria": "house-l5"}, [], id="criteria-configured-by-id"),
    pytest.param('fail-on = "warning"\n[per-path]\n"*-draft.xml" = { fail-on = "error" }\n',
                 {"spec.xml": CHECK_CHARACTER, "spec-draft.xml": CHECK_CHARACTER}, None,
                 {"fail_on": "warning"}, ["--fail-on", "warning"], id="over-per-path"),
    pytest.param(f'ignore = ["QAN002"]\nshared-title = "{SHARED_TITLE}"',
                 {"spec.xml": CHECK_CHARACTER}, None,
                 {"shared_title": "", "fail_on": "", "select": "", "criteria": ""}, [],
                 id="empty-fields-are-not-stated"),
]


@pytest.mark.parametrize(("config", "specs", "extra", "fields", "args"), EXPLICIT)
def test_what_a_request_states_wins_as_the_command_line_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    config: str, specs: dict[str, str], extra: Any, fields: dict[str, Any], args: list[str],
) -> None:
    folder = make_project(tmp_path, config, specs, extra)
    names = list(specs)
    cli = cli_document(folder, names, args, capsys, monkeypatch)
    unstated = cli_document(folder, names, [], capsys, monkeypatch)
    with web_client(folder) as client:
        web = web_document(client, folder, names, fields)
    assert web == cli
    if args:
        assert cli != unstated  # the case shows a request winning over the configuration


def test_a_grid_sent_in_mapping_replaces_the_configured_grids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = make_project(tmp_path, 'select = ["COV005"]\nmapping = ["grids/units.csv"]',
                          {"spec.xml": GRID_SPEC}, _grid)
    (folder / "empty.csv").write_text("Unit,Assessment criterion,Skills for Care criteria\n",
                                      "utf-8")
    cli = cli_document(folder, ["spec.xml"], ["--mapping", "empty.csv"], capsys, monkeypatch)
    with web_client(folder) as client:
        web = web_document(client, folder, ["spec.xml"], {}, grids=("empty.csv",))
        configured = client.post("/api/check", files=[
            ("file", ("spec.xml", (folder / "spec.xml").read_bytes()))]).json()
    assert web == cli
    assert findings(web) == {"spec.xml": []}
    location = configured["reports"][0]["findings"][0]["location"]["text"]
    assert location.startswith("grids/units.csv")  # named without the server's folders


def test_annotate_takes_the_configuration(tmp_path: Path) -> None:
    folder = make_project(tmp_path, 'ignore = ["OPT004"]', {"spec.docx": "tqt-above-band.docx"})
    data = (folder / "spec.docx").read_bytes()
    with web_client(folder) as configured, web_client(None) as plain:
        with_config = configured.post("/api/annotate", files=[("file", ("spec.docx", data))])
        without = plain.post("/api/annotate", files=[("file", ("spec.docx", data))])
    assert with_config.status_code == without.status_code == 200
    assert _comments(without.content).count("OPT004") == 2
    assert _comments(with_config.content).count("OPT004") == 0
    assert "HRS001" in _comments(with_config.content)


def _comments(docx: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/comments.xml").decode("utf-8")


# -- criteria, rules and templates follow the configuration --------------------------

def test_a_configured_criteria_file_is_the_default_and_the_bundled_sets_stay(
    tmp_path: Path,
) -> None:
    folder = make_project(tmp_path, 'criteria = "sets/house.yaml"', {}, _house_criteria)
    with web_client(folder) as client:
        listing = client.get("/api/criteria").json()
        bundled = client.get(f"/api/criteria?criteria={DEFAULT_CRITERIA_ID}").json()
        node = client.get("/api/criteria/LMAC5A").json()
        template = client.get("/api/template?format=xml")
        schema = client.get("/openapi.json").json()
        wrong = client.get("/api/criteria?criteria=nope")
    assert listing["criteria"]["id"] == "house-l5"
    assert [(s["id"], s["default"]) for s in listing["available"]] == [
        ("house-l5", True), (DEFAULT_CRITERIA_ID, False)]
    assert bundled["criteria"]["id"] == DEFAULT_CRITERIA_ID
    assert node["criteria"] == "house-l5"
    assert template.status_code == 200
    assert "house-l5-template.xml" in template.headers["content-disposition"]
    body = schema["paths"]["/api/check"]["post"]["requestBody"]["content"][
        "multipart/form-data"]["schema"]
    assert body["properties"]["criteria"]["enum"] == sorted(["house-l5", DEFAULT_CRITERIA_ID])
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == ("criteria: no criteria set 'nope'; choose one of "
                                      f"house-l5, {DEFAULT_CRITERIA_ID}")


def test_the_rules_listed_are_the_configured_rules(tmp_path: Path) -> None:
    folder = make_project(tmp_path, 'rules = "house-rules"', {}, _house_rules)
    with web_client(folder) as client:
        rules = client.get("/api/rules").json()["rules"]
    assert [r["id"] for r in rules] == ["HRS001", "HRS002", "HRS003", "HRS004", "HRS005",
                                        "HRS006"]
    assert rules[0]["severity"] == "warning"


# -- GET /api/config ---------------------------------------------------------------

DEFAULTS: dict[str, Any] = {
    "criteria": DEFAULT_CRITERIA_ID, "rules": None, "shared-title": None, "select": [],
    "ignore": [], "severity": {}, "fail-on": "error", "mapping": []}


def test_config_without_a_file_is_every_default() -> None:
    with web_client(None) as client:
        shown = client.get("/api/config").json()
    assert shown == {
        "config": None, "file": None, "per_path": [], "unused": [],
        "settings": {key: {"value": value, "source": "default", "line": None,
                           "per_path": None}
                     for key, value in DEFAULTS.items()},
    }


CONFIG = (
    'criteria = "sets/house.yaml"\n'          # 1
    'rules = "house-rules"\n'                 # 2
    'ignore = ["HRS002"]\n'                   # 3
    'fail-on = "warning"\n'                   # 4
    'mapping = ["grids/units.csv"]\n'         # 5
    'format = "json"\n'                       # 6
    'jobs = 2\n'                              # 7
    "[per-path]\n"                            # 8
    '"*-draft.xml" = { fail-on = "error", severity = { HRS001 = "info" } }\n'  # 9
    '"drafts/**" = { select = ["HRS001"] }\n'  # 10
)


def _full_project(folder: Path) -> None:
    _house_criteria(folder)
    _house_rules(folder)
    _grid(folder)


def test_config_shows_each_setting_with_its_line_and_no_server_folder(tmp_path: Path) -> None:
    folder = make_project(tmp_path, CONFIG, {}, _full_project)
    with web_client(folder, token="s3cret") as client:
        refused = client.get("/api/config")
        answer = client.get("/api/config?file=v2-draft.xml",
                            headers={"authorization": "Bearer s3cret"})
    assert refused.status_code == 401
    shown = answer.json()
    assert str(tmp_path) not in answer.text
    assert (shown["config"], shown["file"]) == (".criteria-checker.toml", "v2-draft.xml")
    assert {key: (s["value"], s["source"], s["line"], s["per_path"])
            for key, s in shown["settings"].items()} == {
        "criteria": ("house-l5", "config", 1, None),
        "rules": ("house-rules", "config", 2, None),
        "shared-title": (None, "default", None, None),
        "select": ([], "default", None, None),
        "ignore": (["HRS002"], "config", 3, None),
        "severity": ({"HRS001": "info"}, "config", 9, "*-draft.xml"),
        "fail-on": ("error", "config", 9, "*-draft.xml"),
        "mapping": (["grids/units.csv"], "config", 5, None),
    }
    assert shown["per_path"] == [
        {"glob": "*-draft.xml", "line": 9, "matches_uploads": True,
         "settings": {"fail-on": "error", "severity": {"HRS001": "info"}}},
        {"glob": "drafts/**", "line": 10, "matches_uploads": False,
         "settings": {"select": ["HRS001"]}},
    ]
    assert shown["unused"] == ["format", "jobs"]


# -- serve: finding the file, --config, --no-config, refusing a bad one -----------------

def test_serve_reads_the_configuration_where_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: dict[str, Any],
) -> None:
    folder = make_project(tmp_path, 'ignore = ["OPT004"]\n[per-path]\n'
                                    '"drafts/*.xml" = { fail-on = "warning" }\n', {})
    (folder / "sub").mkdir()
    monkeypatch.chdir(folder / "sub")
    result = CliRunner().invoke(serve, [])
    assert result.exit_code == 0, result.output
    config_file = folder / ".criteria-checker.toml"
    assert result.stderr.splitlines() == [
        f"criteria-checker: warning: per-path 'drafts/*.xml' ({config_file}:3) names folders, "
        "and an upload has only a file name: the server applies it to no upload",
        f"criteria-checker: settings from {config_file}",
        "criteria-checker: serving on http://127.0.0.1:8000/ (press Ctrl+C to stop)",
    ]
    with TestClient(served["app"], base_url="http://127.0.0.1") as client:
        shown = client.get("/api/config").json()
    assert shown["settings"]["ignore"]["value"] == ["OPT004"]


def test_serve_config_and_no_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: dict[str, Any],
) -> None:
    folder = make_project(tmp_path, 'ignore = ["OPT004"]', {})
    (folder / "elsewhere.toml").write_text('fail-on = "warning"\n', "utf-8")
    monkeypatch.chdir(folder)

    assert CliRunner().invoke(serve, ["--no-config"]).exit_code == 0
    assert served["app"].state.web_config.config.file is None
    with TestClient(served["app"], base_url="http://127.0.0.1") as client:
        shown = client.get("/api/config").json()
        report = client.post("/api/check", files=[
            ("file", ("spec.xml", (SPECIMENS / TQT_HIGH).read_bytes()))]).json()
    assert shown["config"] is None
    assert {s["source"] for s in shown["settings"].values()} == {"default"}
    assert [f["rule_id"] for f in report["reports"][0]["findings"]] == [
        "HRS001", "OPT004", "OPT004"]

    result = CliRunner().invoke(serve, ["--config", "elsewhere.toml"])
    assert result.exit_code == 0
    assert "criteria-checker: settings from elsewhere.toml" in result.stderr
    settings = served["app"].state.web_config.config
    assert (settings.get("fail-on").value, settings.get("ignore")) == ("warning", None)


def test_serve_in_a_folder_without_configuration_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: dict[str, Any],
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(serve, [])
    assert result.exit_code == 0
    assert result.stderr == ("criteria-checker: serving on http://127.0.0.1:8000/ "
                             "(press Ctrl+C to stop)\n")
    assert served["app"].state.web_config.config.file is None


BAD = [
    pytest.param('fail_on = "warning"\n', ":1: unknown key 'fail_on'", id="unknown-key"),
    pytest.param('\nfail-on = "fatal"\n', ":2: fail-on: 'fatal' is not one of", id="bad-value"),
    pytest.param('select = ["HRS01"]\n', ":1: select: no rule 'HRS01'", id="unknown-rule"),
    pytest.param('rules = "missing"\n', ":1: rules: 'missing': no such file or folder",
                 id="missing-rules"),
    pytest.param('criteria = "nope.yaml"\n', ":1: criteria: 'nope.yaml': no such file",
                 id="missing-criteria"),
    pytest.param('mapping = ["grids/none.csv"]\n', ":1: mapping: 'grids/none.csv': no such",
                 id="missing-grid"),
    pytest.param('[per-path]\n"*.xml" = { rules = "x" }\n',
                 ":2: per-path '*.xml': 'rules' cannot be set per path", id="per-path-key"),
    pytest.param("select = [\n", "not valid TOML", id="not-toml"),
]


@pytest.mark.parametrize(("config", "message"), BAD)
def test_a_bad_configuration_stops_serve_in_one_line_before_it_listens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: dict[str, Any],
    config: str, message: str,
) -> None:
    folder = make_project(tmp_path, config, {})
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(serve, [])
    assert result.exit_code == 2
    assert "app" not in served
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"criteria-checker: error: {folder / '.criteria-checker.toml'}")
    assert message in lines[0]


@pytest.mark.parametrize(("args", "message"), [
    (["--config", "missing.toml"], "missing.toml"),
    (["--config", "x.toml", "--no-config"], "--config and --no-config cannot be used together"),
])
def test_serve_refuses_config_options_it_cannot_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: dict[str, Any],
    args: list[str], message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(serve, args)
    assert result.exit_code == 2
    assert "app" not in served
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("criteria-checker: error: ")
    assert message in result.stderr


def test_the_console_entry_point_refuses_a_bad_configuration_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    served: dict[str, Any],
) -> None:
    make_project(tmp_path, 'ignore = ["NOPE1"]\n', {})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["serve"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ":1: ignore: no rule 'NOPE1'" in err
    assert "app" not in served


# -- the page's form starts from the configuration --------------------------------------

@pytest.mark.parametrize(("config", "extra", "criteria", "fail_on"), [
    ("", None, DEFAULT_CRITERIA_ID, "error"),
    ('fail-on = "warning"', None, DEFAULT_CRITERIA_ID, "warning"),
    ('criteria = "sets/house.yaml"\nfail-on = "info"', _house_criteria, "house-l5", "info"),
])
def test_the_page_form_starts_from_the_configuration(
        tmp_path: Path, config: str, extra: Any, criteria: str, fail_on: str) -> None:
    folder = make_project(tmp_path, config, {}, extra)
    with web_client(folder) as client:
        page = client.get("/").text
    assert f'<option value="{criteria}" selected>' in page
    assert page.count(" selected>") == 1
    assert f'value="{fail_on}" checked>' in page
    assert page.count(" checked>") == 1


def test_the_page_checks_with_the_configured_criteria_file(tmp_path: Path) -> None:
    # The house criteria allow a TQT up to 1000: the bundled set's HRS001 and OPT004 go away.
    folder = make_project(tmp_path, 'criteria = "sets/house.yaml"', {"spec.xml": TQT_HIGH},
                          _house_criteria)
    with web_client(folder) as client:
        upload = ("spec.xml", (folder / "spec.xml").read_bytes())
        page = client.post("/", files=[("file", upload)],
                           data={"criteria": "house-l5", "fail_on": "error"}).text
    assert "1 file: 1 conformant, 0 not conformant" in page
    assert "Total qualification time (TQT): 960 hours, required 900-1000, within band" in page
