"""Commands on specification files themselves: inspect, convert, template."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from criteria_checker.cli.options import criteria_option
from criteria_checker.errors import UsageError

if TYPE_CHECKING:
    from criteria_checker.model.spec import QualificationSpec

_FORMATS = ("docx", "xml")


@click.command("inspect")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--no-locations", is_flag=True,
              help="Text only: leave out where each element was read.")
def inspect(file: Path, fmt: str, no_locations: bool) -> None:
    """Show what the reader understood of FILE: facts, groups, rules, units, mappings."""
    from criteria_checker.readers import read_spec

    spec = read_spec(file)
    if fmt == "json":
        import json

        from criteria_checker.model.data import to_data

        click.echo(json.dumps(to_data(spec), indent=2, ensure_ascii=False))
        return
    from criteria_checker.reporters.inspect import render_inspect

    click.echo(render_inspect(spec, locations=not no_locations), nl=False)


@click.command("graph")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["graphml", "json"]), default="graphml",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@criteria_option
def graph(file: Path, fmt: str, output: Path | None, criteria_name: str | None) -> None:
    """Export FILE's coverage graph (criteria tree, units, mapping edges) for graph tools."""
    from criteria_checker.criteria.load import find_criteria, load_criteria
    from criteria_checker.engine.coverage import build_coverage
    from criteria_checker.readers import read_spec
    from criteria_checker.reporters.graph import export_graph

    coverage = build_coverage(read_spec(file), load_criteria(find_criteria(criteria_name)))
    from criteria_checker.fileio import write_output

    text = export_graph(coverage, "json" if fmt == "json" else "graphml")
    write_output(output or "-", text.encode("utf-8"))


@click.command("convert")
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "to_format", type=click.Choice(_FORMATS),
              help="Output format (default: from TARGET's extension).")
@click.option("--force", is_flag=True, help="Replace TARGET if it exists.")
def convert(source: Path, target: Path, to_format: str | None, force: bool) -> None:
    """Convert a specification between DOCX and XML."""
    from criteria_checker.readers import read_spec

    fmt = _target_format(target, to_format)
    _refuse_to_clobber(target, force, source=source)
    _write_spec(read_spec(source), target, fmt)


@click.command("template")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--to", "to_format", type=click.Choice(_FORMATS),
              help="Output format (default: from TARGET's extension).")
@click.option("--mapping-grid", "grid_target", metavar="OUT.xlsx",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also (or instead) write an empty mapping grid: every criteria item with "
                   "columns to fill in, for 'check --mapping'.")
@click.option("--force", is_flag=True, help="Replace TARGET (and OUT.xlsx) if it exists.")
@criteria_option
def template(target: Path | None, to_format: str | None, grid_target: Path | None, force: bool,
             criteria_name: str | None) -> None:
    """Write a starting specification: a unit per sub-topic, mapped, with placeholder hours.

    With --mapping-grid, write an empty mapping grid (.xlsx) listing every
    criteria item, with Unit, Learning outcome and Assessment criterion
    columns to fill in; TARGET may then be left out.
    """
    from criteria_checker.criteria.load import find_criteria, load_criteria

    if target is None and grid_target is None:
        raise UsageError("template: name a TARGET file, or --mapping-grid OUT.xlsx, or both")
    if grid_target is not None and grid_target.suffix.lower() != ".xlsx":
        raise UsageError(f"{grid_target}: a mapping grid template is an Excel workbook; name "
                         "a .xlsx file")
    fmt = _target_format(target, to_format) if target is not None else None
    for path in (target, grid_target):
        if path is not None:
            _refuse_to_clobber(path, force)
    if target is not None and grid_target is not None and _same_file(target, grid_target):
        raise UsageError(f"{grid_target}: the grid would replace the specification template")
    criteria = load_criteria(find_criteria(criteria_name))
    if target is not None and fmt is not None:
        from criteria_checker.writers.template import build_template

        _write_spec(build_template(criteria), target, fmt)
    if grid_target is not None:
        from criteria_checker.fileio import write_output
        from criteria_checker.writers.template import build_mapping_grid

        write_output(grid_target, build_mapping_grid(criteria))


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except (OSError, RuntimeError):
        return str(first) == str(second)


def _target_format(target: Path, to_format: str | None) -> str:
    if to_format:
        return to_format
    suffix = target.suffix.lower().lstrip(".")
    if suffix in _FORMATS:
        return suffix
    raise UsageError(f"{target}: cannot tell the format from the extension "
                     f"{target.suffix or '(none)'!r}; name a .docx or .xml file, or use --to")


def _refuse_to_clobber(target: Path, force: bool, *, source: Path | None = None) -> None:
    if source is not None and target.exists() and source.exists() \
            and target.resolve() == source.resolve():
        raise UsageError(f"{target}: the output would replace the input")
    if target.exists() and not force:
        raise UsageError(f"{target}: already exists; use --force to replace it")


def _write_spec(spec: QualificationSpec, target: Path, fmt: str) -> None:
    from criteria_checker.fileio import write_output

    if fmt == "xml":
        from criteria_checker.writers.xml_writer import write_xml_spec

        data = write_xml_spec(spec)
    else:
        from criteria_checker.writers.docx_writer import write_docx_spec

        data = write_docx_spec(spec)
    write_output(target, data)
