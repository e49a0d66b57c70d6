"""The `reeldb` command, run as a user runs it: a subprocess with its own database."""

from __future__ import annotations

from pathlib import Path

import pytest

from reeldb import cli
from reeldb.cli import build_parser
from reeldb.errors import EXIT_FAILURE
from tests.conftest import REPO, run_reeldb

COUNT_TITLES = "from reeldb.catalog.models import Title; print(Title.objects.count())"


def _subcommands() -> list[str]:
    parser = build_parser()
    return list(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def test_the_help_explains_the_database_settings(reeldb_env: dict[str, str]) -> None:
    result = run_reeldb(reeldb_env, "--help")
    assert result.returncode == 0
    for word in ("DATABASE_URL", "REELDB_HOME", "init", "serve", "demo"):
        assert word in result.stdout


@pytest.mark.parametrize(
    ("command", "named"),
    [
        (["init"], ["migrate"]),
        (["serve"], ["--host", "--port", "--workers", "--threads"]),
        (["demo"], ["--no-serve", "--host", "--port"]),
        (["import"], ["pages", "imdb", "movielens"]),
        (["import", "pages"], ["PATH", "--jobs"]),
        (["import", "imdb"], ["FOLDER", "--download", "--base-url", "--force"]),
        (["import", "movielens"], ["PATH", "--no-refresh"]),
        (["extract"], ["PATH", "--json", "--jobs"]),
        (["charts"], ["refresh"]),
        (["charts", "refresh"], ["Recompute"]),
        (["recommend"], ["train"]),
        (["manage"], ["arguments"]),
    ],
)
def test_each_subcommands_help_names_its_arguments(
    command: list[str], named: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([*command, "--help"])
    shown = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert shown.startswith(f"usage: reeldb {' '.join(command)}")
    for name in named:
        assert name in shown, name


def test_a_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["import", "pages", "--strict-nonsense", "x"])
    assert exit_info.value.code == 2


def test_an_unexpected_error_exits_3_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_arguments: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "charts", broken)
    assert cli.main(["charts", "refresh"]) == EXIT_FAILURE
    assert "RuntimeError: a bug" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("documents", "status"),
    [
        ({"film.txt": "Desperado is a 1995 American action film directed by Robert Rodriguez."}, 0),
        ({"film.txt": "Desperado is a 1995 American action film.", "empty.html": ""}, 1),
        ({"empty.html": "", "note.txt": "A shopping list: eggs, milk, bread."}, 2),
    ],
)
def test_extract_exits_0_done_1_with_skipped_documents_2_with_none_readable(
    reeldb_env: dict[str, str], tmp_path: Path, documents: dict[str, str], status: int
) -> None:
    for name, text in documents.items():
        (tmp_path / name).write_text(text)
    result = run_reeldb(reeldb_env, "extract", "--jobs", "0", str(tmp_path))
    assert result.returncode == status, result.stderr


def test_demo_loads_once_and_a_second_run_changes_nothing(reeldb_env: dict[str, str]) -> None:
    first = run_reeldb(reeldb_env, "demo", "--no-serve")
    assert first.returncode == 0, first.stderr
    second = run_reeldb(reeldb_env, "demo", "--no-serve")
    assert second.returncode == 0, second.stderr
    assert "titles:" in second.stderr
    assert ", 0 changed" in second.stderr
    assert all(", 0 changed" in line for line in second.stderr.splitlines() if " read, " in line)


def test_init_on_a_filled_database_keeps_its_data(reeldb_env: dict[str, str]) -> None:
    assert run_reeldb(reeldb_env, "demo", "--no-serve").returncode == 0
    before = run_reeldb(reeldb_env, "manage", "shell", "--no-imports", "-c", COUNT_TITLES).stdout
    assert run_reeldb(reeldb_env, "init").returncode == 0
    after = run_reeldb(reeldb_env, "manage", "shell", "--no-imports", "-c", COUNT_TITLES).stdout
    assert int(before) > 30
    assert after == before


def test_serve_refuses_an_uninitialised_database_and_says_what_to_do(
    reeldb_env: dict[str, str],
) -> None:
    result = run_reeldb(reeldb_env, "serve", "--port", "1")
    assert result.returncode == 2
    assert "Run `reeldb init` first" in result.stderr


def test_every_subcommand_is_documented() -> None:
    docs = (REPO / "README.md").read_text() + (REPO / "docs" / "cli.md").read_text()
    for command in _subcommands():
        assert f"reeldb {command}" in docs, command


def test_the_allocator_gives_pages_back_at_once_before_polars_loads(
    reeldb_env: dict[str, str],
) -> None:
    reeldb_env.pop("_RJEM_MALLOC_CONF", None)
    shown = "import os, sys; print(os.environ['_RJEM_MALLOC_CONF'], 'polars' in sys.modules)"
    result = run_reeldb(reeldb_env, "manage", "shell", "-c", shown)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["dirty_decay_ms:0,muzzy_decay_ms:0", "False"]
