"""What "a private name of Flask-Admin" is, read from the installed package, and where the tree reaches one."""

from __future__ import annotations

import ast
from pathlib import Path

import flask_admin
import flask_admin.babel

BACKOFFICE = Path(__file__).resolve().parents[3] / "backoffice"
CORE = BACKOFFICE / "core"
FLASK_ADMIN = Path(flask_admin.__file__).resolve().parent
FLASK_ADMIN_TEMPLATES = FLASK_ADMIN / "templates" / "bootstrap4"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_names() -> frozenset[str]:
    """Every private name of Flask-Admin's code (``_apply_search``, ``_column_choices_map``, ``_compat``…), read from
    its sources, and those of the Babel domain it hands out (``_translation_directories``)."""
    names: set[str] = {path.stem for path in FLASK_ADMIN.rglob("_*.py") if _private(path.stem)}
    for path in FLASK_ADMIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Attribute) and _private(node.attr):
                names.add(node.attr)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and _private(node.name):
                names.add(node.name)
            elif isinstance(node, ast.Name) and _private(node.id) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    domain = flask_admin.babel.domain
    names.update(name for name in [*vars(domain), *dir(type(domain))] if _private(name))
    return frozenset(names)


def reaches(path: Path, names: frozenset[str]) -> list[str]:
    """Where the module imports, reads or overrides one of ``names`` of Flask-Admin: 'line: what'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("flask_admin"):
            parts = node.module.split(".") + [alias.name for alias in node.names]
            found += [f"{node.lineno}: from {node.module} import {part}" for part in parts if _private(part)]
        elif isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {alias.name}" for alias in node.names
                      if alias.name.startswith("flask_admin") and any(map(_private, alias.name.split(".")))]
        elif isinstance(node, ast.Attribute) and node.attr in names:
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ClassDef):
            found += [f"{item.lineno}: def {item.name}" for item in node.body
                      if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in names]
    return found


def template_overrides(folder: Path) -> list[str]:
    """Templates under ``folder`` named like one of Flask-Admin's (so they replace it)."""
    return [str(path.relative_to(BACKOFFICE)) for path in folder.rglob("templates/**/*")
            if path.is_file() and (FLASK_ADMIN_TEMPLATES / path.relative_to(_templates_root(path))).is_file()]


def _templates_root(path: Path) -> Path:
    while path.name != "templates":
        path = path.parent
    return path
