"""The writer's schema: applied when this version's DDL differs from what the file last got, else skipped."""

from __future__ import annotations

from ingest import warehouse


def raw_tables(con) -> set[str]:  # noqa: ANN001 - a DuckDB connection
    rows = con.execute("select table_name from information_schema.tables where table_schema = 'raw'").fetchall()
    return {name for (name,) in rows}


def test_the_ddl_runs_once_per_schema_version_not_on_every_pass(home, monkeypatch) -> None:
    con = warehouse.connect(home.writer_db)
    try:
        warehouse.ensure_all(con)
        every = raw_tables(con)
        assert "x__tweet_activity" in every

        con.execute("drop table raw.x__tweet_activity")  # a change the next pass would repair, if it ran
        warehouse.ensure_all(con)
        assert raw_tables(con) == every - {"x__tweet_activity"}  # the same version: nothing ran

        monkeypatch.setattr(warehouse, "schema_fingerprint", lambda: "a newer version")
        for _ in range(2):  # a new version applies its DDL on its first pass, and only then
            warehouse.ensure_all(con)
            assert raw_tables(con) == every
            assert con.execute("select fingerprint from meta.schema_applied").fetchall() == [("a newer version",)]
    finally:
        con.close()
