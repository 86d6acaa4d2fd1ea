"""The commands authors use on specification files: template, inspect, convert, hook."""

from __future__ import annotations

from pathlib import Path

import pytest

from criteria_checker.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.mark.parametrize("name", ["start.xml", "start.docx"])
def test_template_writes_a_starting_specification_that_reads_back(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    target = tmp_path / name
    assert run(capsys, "template", str(target)) == (0, "", "")
    code, out, _ = run(capsys, "inspect", "--no-locations", str(target))
    assert code == 0
    assert "Units (24)" in out
    assert "  criteria set           sfc-l5-lmac-2021-05\n" in out
    assert "    maps to: LMAC5A/LM\n" in out
    assert "exactly 78 credits from Mandatory units" in out


def test_template_refuses_to_replace_an_existing_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "spec.docx"
    target.write_bytes(b"an author's work")
    code, out, err = run(capsys, "template", str(target))
    assert (code, out) == (2, "")
    assert err == f"criteria-checker: error: {target}: already exists; use --force to replace it\n"
    assert target.read_bytes() == b"an author's work"
    assert run(capsys, "template", "--force", str(target))[0] == 0


def test_template_needs_a_known_extension(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "spec.odt"
    code, _, err = run(capsys, "template", str(target))
    assert code == 2
    assert err == (f"criteria-checker: error: {target}: cannot tell the format from the "
                   "extension '.odt'; name a .docx or .xml file, or use --to\n")
    assert not target.exists()


def test_convert_round_trips_docx_and_xml(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    docx = tmp_path / "a.docx"
    run(capsys, "template", str(docx))
    xml, back = tmp_path / "a.xml", tmp_path / "b.docx"
    assert run(capsys, "convert", str(docx), str(xml)) == (0, "", "")
    assert run(capsys, "convert", str(xml), str(back)) == (0, "", "")
    views = []
    for path in (docx, xml, back):
        code, out, _ = run(capsys, "inspect", "--no-locations", str(path))
        assert code == 0
        views.append(out.split("\n", 1)[1])  # the first line names the file and format
    assert views[0] == views[1] == views[2]


def test_convert_refuses_bad_input_and_leaves_no_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "renamed.docx"
    source.write_bytes(b"%PDF-1.4\n")
    target = tmp_path / "out.xml"
    code, out, err = run(capsys, "convert", str(source), str(target))
    assert (code, out) == (2, "")
    assert err == (f"criteria-checker: error: {source}: is a PDF file, not a Word .docx "
                   "document; submit the Word document\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renamed.docx"]


def test_convert_never_replaces_its_input(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    xml = tmp_path / "a.xml"
    run(capsys, "template", str(xml))
    before = xml.read_bytes()
    code, _, err = run(capsys, "convert", "--to", "xml", "--force", str(xml), str(xml))
    assert code == 2
    assert err == f"criteria-checker: error: {xml}: the output would replace the input\n"
    assert xml.read_bytes() == before


def test_inspect_shows_where_each_element_was_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docx = tmp_path / "a.docx"
    run(capsys, "template", str(docx))
    code, out, _ = run(capsys, "inspect", str(docx))
    assert code == 0
    assert out.startswith(f"{docx} (DOCX)\n")
    assert "  TQT                    940  [table 1, row 5]\n" in out
    code, out, _ = run(capsys, "inspect", "--format", "json", str(docx))
    assert code == 0
    assert '"format": "docx"' in out and '"locator": "table 1, row 5"' in out


def test_hook_skips_foreign_xml_and_reports_specifications(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = tmp_path / "pom.xml"
    foreign.write_text("<project/>")
    draft = tmp_path / "draft.xml"
    run(capsys, "template", str(draft))
    assert run(capsys, "hook", str(foreign)) == (0, "", "")
    code, out, err = run(capsys, "hook", str(foreign), str(draft))
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert f"{draft}:18: error: UNT001 Unit 501 has no unit reference number" in lines
    assert all(line.startswith(f"{draft}:") for line in lines)


def test_hook_checks_a_word_xml_document(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from layouts.write_flat import flat_opc

    draft = tmp_path / "draft.docx"
    run(capsys, "template", str(draft))
    word_xml = tmp_path / "draft.xml"  # Word's "Word XML Document": the .docx as one XML file
    word_xml.write_bytes(flat_opc(draft.read_bytes()))
    code, out, err = run(capsys, "hook", str(word_xml))
    assert (code, err) == (1, "")
    assert all(line.startswith(f"{word_xml}:") for line in out.splitlines())
    assert f"{word_xml}:unit Unit 501, paragraph" in out


def test_hook_reports_an_unreadable_specification_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"")
    code, out, err = run(capsys, "hook", str(broken))
    assert (code, out, err) == (2, f"{broken}: is empty (0 bytes)\n", "")


@pytest.mark.parametrize("fmt", ["graphml", "json"])
def test_graph_exports_the_coverage_graph_for_graph_tools(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    import json

    import networkx as nx

    spec = ROOT / "specimens" / "conformant.xml"
    target = tmp_path / f"coverage.{fmt}"
    assert run(capsys, "graph", "--format", fmt, "-o", str(target), str(spec)) == (0, "", "")
    first = target.read_bytes()
    run(capsys, "graph", "--format", fmt, "-o", str(target), str(spec))
    assert target.read_bytes() == first  # deterministic
    if fmt == "graphml":
        graph = nx.read_graphml(target)
    else:
        graph = nx.node_link_graph(json.loads(first), edges="edges")
    criteria = [n for n, d in graph.nodes(data=True) if d["type"] == "criteria"]
    units = [n for n, d in graph.nodes(data=True) if d["type"] == "unit"]
    assert len(criteria) == 8 + 21 + 64 + 287
    assert len(units) == 32
    declared = {t for s, t, d in graph.edges(data=True)
                if d["type"] == "mapping" and "unit" in d["sources"].split("; ")}
    assert {"LMAC5A/LM", "LMAC5H/PW"} <= declared
