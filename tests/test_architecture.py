"""Imports between reeldb's apps point one way: the table below, as in docs/architecture.md."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCE_ROOT = REPO / "src" / "reeldb"
SHARED = frozenset({"errors", "env", "streams", "sqlite"})

# What each part of reeldb may import from the others. The catalogue builds on
# nothing; users, charts, search and recommendations build on it; importers
# write through the catalogue's and the community's services; ``api`` and
# ``web`` compose the domains, and no domain imports them. ``errors``, ``env``,
# ``streams`` and ``sqlite`` (the database backend) are shared by all and import no
# app. The project modules (``cli``, ``settings``, ``urls``, ``wsgi``) wire everything
# together.
ALLOWED_IMPORTS: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "env": frozenset(),
    "streams": frozenset(),
    "sqlite": frozenset(),
    "catalog": SHARED,
    "community": SHARED | {"catalog"},
    "charts": SHARED | {"catalog", "community"},
    "search": SHARED | {"catalog"},
    "recommend": SHARED | {"catalog", "community"},
    "ingest": SHARED | {"catalog", "community"},
    "api": SHARED | {"catalog", "community", "charts", "search", "recommend"},
    "web": SHARED | {"catalog", "community", "charts", "search", "recommend"},
}
PROJECT_MODULES = frozenset({"__init__", "cli", "settings", "urls", "wsgi"})


def part_of(path: Path, root: Path) -> str:
    """Return the app (or top-level module) a file under ``root`` belongs to."""
    return path.relative_to(root).parts[0].removesuffix(".py")


def imported_parts(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Yield ``(line, part)`` for every ``reeldb.<part>`` a module imports, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "reeldb":
                names = [f"reeldb.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "reeldb" and len(parts) > 1:
                yield node.lineno, parts[1]


def forbidden_imports(root: Path) -> list[str]:
    """Return ``file:line: a imports b`` for each import the table does not allow."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        importer = part_of(path, root)
        if importer in PROJECT_MODULES:
            continue
        allowed = ALLOWED_IMPORTS.get(importer)
        if allowed is None:
            problems.append(f"{path}: {importer} is missing from ALLOWED_IMPORTS")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, imported in imported_parts(tree):
            if imported != importer and imported not in allowed:
                problems.append(f"{path.relative_to(root)}:{line}: {importer} imports {imported}")
    return problems


def test_every_import_between_apps_follows_the_table() -> None:
    assert forbidden_imports(SOURCE_ROOT) == []


def test_the_picture_in_the_architecture_doc_is_the_table() -> None:
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    picture = re.search(r"```mermaid\nflowchart TD\n(.*?)```", doc, re.DOTALL)
    assert picture is not None
    drawn: dict[str, frozenset[str]] = {}
    for line in picture.group(1).splitlines():
        importer, imported = line.split("-->")
        drawn[importer.strip()] = frozenset(name.strip() for name in imported.split("&"))
    expected = {app: allowed - SHARED for app, allowed in ALLOWED_IMPORTS.items()}
    assert drawn == {app: allowed for app, allowed in expected.items() if allowed}


def test_every_app_is_in_the_table() -> None:
    apps = {path.name for path in SOURCE_ROOT.iterdir() if (path / "__init__.py").exists()}
    assert apps <= ALLOWED_IMPORTS.keys()


@pytest.mark.parametrize(
    ("source", "importer"),
    [
        ("from reeldb.community.selectors import get_title_community\n", "catalog"),
        ("def late():\n    import reeldb.web.views\n", "charts"),
        ("from reeldb import search\n", "catalog"),
        ("from reeldb.ingest.demo import load_demo_data\n", "search"),
    ],
)
def test_a_forbidden_import_is_named_with_its_file_and_line(
    tmp_path: Path, source: str, importer: str
) -> None:
    (tmp_path / importer).mkdir()
    (tmp_path / importer / "module.py").write_text("from __future__ import annotations\n" + source)

    problems = forbidden_imports(tmp_path)

    assert len(problems) == 1
    assert problems[0].startswith(f"{importer}/module.py:")
    assert f": {importer} imports " in problems[0]


def test_an_allowed_import_passes(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "views.py").write_text("from reeldb.community.forms import CheckInForm\n")

    assert forbidden_imports(tmp_path) == []
