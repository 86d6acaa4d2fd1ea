"""The ``criteria`` commands: list, show, export, import, lint and schema of criteria sets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from criteria_checker.cli.options import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, criteria_option
from criteria_checker.errors import CriteriaCheckerError, UsageError

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet


def _load_criteria(name: str | None) -> CriteriaSet:
    from criteria_checker.criteria.load import find_criteria, load_criteria

    return load_criteria(find_criteria(name))


@click.group()
def criteria() -> None:
    """Read, search, export and lint criteria sets."""


@criteria.command("list")
@criteria_option
def criteria_list(criteria_name: str | None) -> None:
    """List the sub-topics with their counts of outcomes and items."""
    from criteria_checker.criteria.render import render_list

    click.echo(render_list(_load_criteria(criteria_name)), nl=False)


@criteria.command("show")
@click.argument("ref")
@criteria_option
def criteria_show(ref: str, criteria_name: str | None) -> None:
    """Print the full text of REF (topic, sub-topic, outcome or item) with its guidance notes."""
    from criteria_checker.criteria.render import render_node

    loaded = _load_criteria(criteria_name)
    click.echo(render_node(loaded, loaded.resolve(ref)), nl=False)


@criteria.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "case"]), default="json",
              show_default=True,
              help="json: the whole tree as one JSON document (its 'schema' field names "
                   "the version); case: a CASE 1.0 CFPackage.")
@click.option("--base-uri", metavar="URI",
              help="CASE only: URIs become URI/CFItems/UUID, ... (default: urn:uuid:UUID).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@criteria_option
def criteria_export(fmt: str, base_uri: str | None, output: Path | None,
                    criteria_name: str | None) -> None:
    """Export the whole criteria set: topics to items, with guidance notes and errata.

    JSON keeps every field of the criteria file (its "schema" field,
    criteria-checker/criteria-export/1, changes only when a field is removed or
    changes meaning); CASE 1.0 gives a framework that curriculum tools import,
    with stable identifiers for every node.
    """
    from criteria_checker.fileio import write_output

    if fmt == "case":
        from criteria_checker.case.export import check_base_uri, export_case_json

        if base_uri is not None:
            check_base_uri(base_uri)
        text = export_case_json(_load_criteria(criteria_name), base_uri=base_uri)
    else:
        from criteria_checker.criteria.export import export_json

        if base_uri is not None:
            raise UsageError("--base-uri applies only to --format case")
        text = export_json(_load_criteria(criteria_name))
    write_output(output or "-", text.encode("utf-8"))


@criteria.command("import")
@click.option("--from", "source_format", type=click.Choice(["case"]), required=True,
              help="The format of FILE: case, a CASE 1.0 CFPackage (JSON).")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, metavar="NEW.yaml",
              help="The criteria file to write ('-' for standard output, with --id).")
@click.option("--levels", metavar="TYPE=LEVEL,...",
              help="CFItemType of each level, e.g. 'Topic=topic,Sub-topic=subtopic,"
                   "Outcome=outcome,Item=item' (default: by CFItemType name, else by depth).")
@click.option("--id", "set_id", metavar="ID",
              help="The criteria set's id (default: the output file's name).")
@click.option("--title", metavar="TEXT",
              help="The qualification's working title, when the framework's title does not "
                   "name its level and size.")
def criteria_import(source_format: str, file: Path, output: str, levels: str | None,
                    set_id: str | None, title: str | None) -> None:
    """Make a criteria file from another format; report what could not be placed.

    The file passes `criteria lint`; hours bands are written as 0-0 and
    requirements left empty, for the author to fill in, and each is named in
    the report. Nothing is written when FILE cannot be used.
    """
    from criteria_checker.case.import_ import import_case, parse_levels
    from criteria_checker.fileio import write_output

    result = import_case(file, output=output, set_id=set_id, title=title,
                         levels=parse_levels(levels) if levels is not None else None)
    write_output(output, result.text.encode("utf-8"))
    for message in result.messages:
        click.echo(f"criteria-checker: warning: {file}: {message}", err=True)


@criteria.command("lint")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def criteria_lint(files: tuple[Path, ...]) -> None:
    """Check criteria files (default: the bundled sets); print FILE:LINE:COL: CODE message.

    Exit 1 when any problem is found, 2 when a file cannot be read or is not YAML.
    """
    from criteria_checker.criteria.lint import lint_criteria
    from criteria_checker.criteria.load import bundled_criteria

    status = EXIT_OK
    for path in files or tuple(bundled_criteria().values()):
        try:
            messages = lint_criteria(path)
        except CriteriaCheckerError as exc:
            click.echo(f"{exc}", err=True)
            status = EXIT_ERROR
            continue
        for message in messages:
            click.echo(str(message))
        if messages and status == EXIT_OK:
            status = EXIT_FINDINGS
    sys.exit(status)


@criteria.command("schema")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def criteria_schema(output: Path | None) -> None:
    """Print the JSON Schema of criteria files, for editors and other validators.

    Generated from the model; the package ships it as
    criteria_checker/schemas/criteria.schema.json.
    """
    from criteria_checker.fileio import write_output
    from criteria_checker.schemas.generate import schema_text

    write_output(output or "-", schema_text("criteria").encode("utf-8"))
