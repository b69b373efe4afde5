"""The SQLite database and its -wal and -shm are readable by their owner only (600), in a 700
folder (issue #11, point 9)."""

from __future__ import annotations

import stat

from sqlalchemy import text

from shared.db import database_url, make_engine


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_wal_files_are_private(tmp_path, monkeypatch):
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("IDMIX_DATABASE_URL", raising=False)
    engine = make_engine(database_url())
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
        database = tmp_path / "instance" / "idmix.sqlite3"
        files = [database, database.with_name("idmix.sqlite3-wal"), database.with_name("idmix.sqlite3-shm")]
        assert all(path.exists() for path in files)
        assert {path.name: oct(_mode(path)) for path in files} == {path.name: "0o600" for path in files}
    engine.dispose()
    assert oct(_mode(tmp_path / "instance")) == "0o700"


def test_an_existing_world_readable_database_is_tightened(tmp_path):
    database = tmp_path / "old.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    assert oct(_mode(database)) == "0o600"
    assert oct(_mode(database.with_name("old.sqlite3-wal"))) == "0o600"
    engine.dispose()
