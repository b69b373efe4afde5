"""Flask-Admin fenced in ``backoffice/core/``: nothing else reaches its private names or replaces its templates,
and every copy or override says the Flask-Admin version it follows, the one pinned and installed."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from tests.backoffice.core.fence import BACKOFFICE, CORE, private_names, reaches, template_overrides

PINNED_MINOR = "2.2"  # the version the copies in backoffice/core/ follow


def _outside_core(pattern: str) -> list[Path]:
    return [path for path in BACKOFFICE.rglob(pattern) if CORE not in path.parents]


def test_no_private_name_of_flask_admin_outside_core():
    names = private_names()
    assert {"_apply_search", "_get_list_value", "_form_ajax_refs", "_translation_directories", "_compat"} <= names
    found = {str(path.relative_to(BACKOFFICE)): where for path in _outside_core("*.py")
             if (where := reaches(path, names))}
    assert found == {}


def test_no_template_of_flask_admin_replaced_outside_core():
    assert template_overrides(CORE)  # the checker sees the copies where they are
    outside = [name for name in template_overrides(BACKOFFICE) if not name.startswith("core/")]
    assert outside == []


def test_no_copy_of_flask_admin_outside_core():
    copies = [str(path.relative_to(BACKOFFICE)) for path in _outside_core("*")
              if path.is_file() and path.suffix in {".py", ".html", ".js", ".css"}
              and re.search(r"copied from flask-admin", path.read_text(encoding="utf-8"), re.I)]
    assert copies == []


def test_every_copy_and_override_names_the_flask_admin_version_it_follows():
    names = private_names()
    overriding = [path for path in CORE.rglob("*.py") if reaches(path, names)]
    copies = [CORE / "templates" / name.removeprefix("core/templates/") for name in template_overrides(CORE)]
    copies += [path for path in CORE.rglob("static/**/*") if path.is_file()]
    assert overriding and copies
    unsaid = [str(path.relative_to(BACKOFFICE)) for path in overriding + copies
              if f"Flask-Admin {PINNED_MINOR}" not in path.read_text(encoding="utf-8")]
    assert unsaid == []
    other_versions = [str(path.relative_to(BACKOFFICE)) for path in BACKOFFICE.rglob("*") if path.is_file()
                      and path.suffix in {".py", ".html", ".js"}
                      and set(re.findall(r"Flask-Admin (\d+\.\d+)", path.read_text(encoding="utf-8"))) - {PINNED_MINOR}]
    assert other_versions == []


def test_flask_admin_is_pinned_to_the_minor_version_the_copies_follow():
    pyproject = tomllib.loads((BACKOFFICE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    requirement = next(r for r in pyproject["project"]["dependencies"] if r.lower().startswith("flask-admin"))
    assert requirement.endswith(f">={PINNED_MINOR},<{PINNED_MINOR.split('.')[0]}.{int(PINNED_MINOR.split('.')[1]) + 1}")
    assert version("flask-admin").startswith(f"{PINNED_MINOR}.")
