"""Every command's help stands on its own: an installed tool carries no docs/ folder."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest

from criteria_checker.cli import cli


def _commands(command: click.Command, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _commands(command.commands[name], (*path, name))


COMMANDS = list(_commands(cli, ("criteria-checker",)))


def _help(path: tuple[str, ...]) -> str:
    command: click.Command = cli
    for name in path[1:]:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command.get_help(click.Context(command, info_name=" ".join(path)))


def test_every_command_is_walked() -> None:
    assert len(COMMANDS) >= 25


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path[1:]) or "top")
def test_help_names_no_file_the_package_does_not_carry(path: tuple[str, ...]) -> None:
    text = _help(path)
    assert "docs/" not in text and ".md" not in text
