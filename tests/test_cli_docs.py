"""Every command is documented: help text in the CLI and a line in the README."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from assistant.cli import main

README = (Path(__file__).parents[1] / "README.md").read_text()


def test_every_command_has_help_and_is_in_the_readme() -> None:
    assert set(main.commands) >= {"ingest", "remove", "status", "ask", "chat", "eval", "ui"}
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 20, name
        assert f"codeask {name}" in README, name
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, name


def test_every_option_has_help() -> None:
    for name, command in main.commands.items():
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option":
                assert param.help, f"{name} {param.opts}"
