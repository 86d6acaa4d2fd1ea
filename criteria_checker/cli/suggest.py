"""The suggest command: mappings a specification could make, from the text of its criteria."""

from __future__ import annotations

from pathlib import Path

import click

from criteria_checker.cli.options import criteria_option


@click.command("suggest")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "xlsx"]),
              default="text", show_default=True,
              help="Output format; xlsx needs --output.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--candidates", "-n", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Candidates listed for each criterion or item.")
@criteria_option
def suggest(file: Path, fmt: str, output: Path | None, candidates: int,
            criteria_name: str | None) -> None:
    """Suggest mappings for FILE from the text of its assessment criteria.

    Lists each assessment criterion without a mapping with the criteria items
    its text matches best, and each criteria item that nothing maps to with
    the assessment criteria matching it best. Scores run from 0 to 1 and
    compare wording only. Exit 0, or 2 when FILE cannot be read.
    """
    if fmt == "xlsx" and (output is None or str(output) == "-"):
        raise click.UsageError("--format xlsx needs --output FILE.xlsx: a workbook is never "
                               "written to standard output or a terminal")
    from criteria_checker.engine.api import criteria_for
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.fileio import write_output
    from criteria_checker.readers import read_spec
    from criteria_checker.reporters import suggestions as render
    from criteria_checker.similarity.suggest import suggest as find_suggestions

    criteria = criteria_for(CheckOptions(criteria=criteria_name))
    found = find_suggestions(read_spec(file), criteria, candidates=candidates)
    texts = {ref: node.text for ref, node in criteria.index().items()}
    data: bytes
    if fmt == "json":
        data = render.render_json(found).encode("utf-8")
    elif fmt == "csv":
        data = render.render_csv(found, item_texts=texts).encode("utf-8")
    elif fmt == "xlsx":
        from criteria_checker.evidence.suggestions import render_xlsx

        data = render_xlsx(found, item_texts=texts)
    else:
        data = render.render_text(found, item_texts=texts).encode("utf-8")
    write_output(output or "-", data)
