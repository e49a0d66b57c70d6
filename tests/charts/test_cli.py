"""`reeldb charts refresh`, run as a user runs it."""

from __future__ import annotations

import pytest

from reeldb.cli import build_parser
from tests.conftest import run_reeldb


@pytest.mark.parametrize("arguments", [["charts", "--help"], ["charts", "refresh", "--help"]])
def test_the_charts_command_has_help(arguments: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(arguments)
    assert exit_info.value.code == 0


def test_charts_refresh_stores_the_demos_charts(reeldb_env: dict[str, str]) -> None:
    assert run_reeldb(reeldb_env, "demo", "--no-serve").returncode == 0
    result = run_reeldb(reeldb_env, "charts", "refresh")
    assert result.returncode == 0, result.stderr
    assert "Charts refreshed:" in result.stderr
