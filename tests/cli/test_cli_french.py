"""``idmix`` speaks French in its own help and errors too (click's words), with French typography."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from idmix.cli import main
from tests.typography import typography_faults

CLICK_ENGLISH = re.compile(r"Show this message|Usage:|Commands:|Error:|Missing option|Missing argument|No such "
                           r"|is not a valid|is not one of|does not match|\[default:|\[required\]|Try '|Aborted"
                           r"|\bTEXT\b|\bINTEGER\b|COMMAND \[ARGS\]")


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, prog_name="idmix")


def assert_french(output: str) -> None:
    assert not CLICK_ENGLISH.search(output), CLICK_ENGLISH.search(output)
    assert typography_faults(output.replace("<", "&lt;")) == []


@pytest.mark.parametrize("command", [None, *sorted(main.commands)])
def test_every_commands_help_is_in_french(command):
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Utilisation\u00a0: idmix" in result.output and "Affiche cette aide" in result.output
    assert_french(result.output)


@pytest.mark.parametrize("args, says", [
    (["create-user"], "Option obligatoire manquante '--email'"),
    (["create-user", "--email", "a@cd.fr", "--first-name", "A", "--last-name", "B", "--role", "chef",
      "--password", "un-long-mot-de-passe"], "«\u00a0chef\u00a0» n'est pas un choix possible"),
    (["generate-sessions", "--group", "un", "--from", "2026-05-01", "--to", "2026-05-31"],
     "«\u00a0un\u00a0» n'est pas un nombre valable"),
    (["generate-sessions", "--group", "1", "--from", "2026-13-01", "--to", "2026-05-31"],
     "«\u00a02026-13-01\u00a0» n'est pas une date au format AAAA-MM-JJ"),
    (["commande-inconnue"], "Commande inconnue\u00a0: «\u00a0commande-inconnue\u00a0»"),
    (["groups", "--tout"], "Option inconnue\u00a0: «\u00a0--tout\u00a0»"),
    (["groups", "en-trop"], "Argument en trop"),
])
def test_a_mistyped_command_is_answered_in_french(args, says):
    result = run(*args)
    assert result.exit_code == 2
    assert "Erreur\u00a0:" in result.output and says in result.output
    assert "Pour l'aide\u00a0: idmix" in result.output
    assert_french(result.output)


def test_two_different_pins_are_refused_in_french(tmp_path, monkeypatch):
    monkeypatch.setenv("IDMIX_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    result = run("set-pin", "--participant", "1", input="1234\n4321\n1234\n1234\n")
    assert "les deux saisies ne correspondent pas" in result.output
    assert not CLICK_ENGLISH.search(result.output)
