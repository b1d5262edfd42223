"""Brands as roots of one deployment, and the lake every brand publishes into (`brand=<id>/` partitions).

The marts here are hand-made tables in each brand's writer file (no dbt): what is under test is where the
publish puts them and that one query reads every brand at once.
"""

from __future__ import annotations

import duckdb
import pytest

from ingest import warehouse
from ingest.config import DEFAULT_BRAND, Paths, configured_brands
from ingest.serve.publish import publish


def with_marts(home: Paths, posts: list[tuple[str, int]]) -> Paths:
    """A writer file whose schema `marts` holds fct_post_performance (post_id, impressions) and dim_date."""
    con = warehouse.connect(home.ensure().writer_db)
    try:
        con.execute("create schema if not exists marts")
        con.execute("create or replace table marts.fct_post_performance (post_id varchar, impressions bigint)")
        con.executemany("insert into marts.fct_post_performance values (?, ?)", posts)
        con.execute("create or replace table marts.dim_date as select date '2026-12-01' as date_day")
    finally:
        con.close()
    return home


def lake_rows(deployment: Paths, query: str) -> list[tuple]:
    with duckdb.connect(str(deployment.lake_catalog), read_only=True) as con:
        return con.execute(query).fetchall()


def test_a_brand_is_a_root_under_the_deployment_and_the_deployment_root_is_the_default_brand(tmp_path):
    deployment = Paths(tmp_path / "deployment")
    acme = deployment.for_brand("acme")
    assert acme.root == tmp_path / "deployment" / "brands" / "acme"
    assert (acme.brand, acme.deployment) == ("acme", deployment.root)
    assert (deployment.brand, deployment.deployment) == (DEFAULT_BRAND, deployment.root)
    assert acme.for_brand(DEFAULT_BRAND) == deployment and acme.lake == deployment.lake
    with pytest.raises(ValueError, match="brand '../x'"):
        deployment.for_brand("../x")


def test_brands_come_from_resonance_brands_and_one_default_brand_needs_no_configuration(monkeypatch):
    monkeypatch.delenv("RESONANCE_BRANDS", raising=False)
    assert configured_brands() == ["default"]
    monkeypatch.setenv("RESONANCE_BRANDS", "acme, globex")
    assert configured_brands() == ["acme", "globex"]
    monkeypatch.setenv("RESONANCE_BRANDS", "acme,Globex Inc")
    with pytest.raises(ValueError, match="'Globex Inc' is not a brand id"):
        configured_brands()


def test_each_brand_publishes_its_own_partition_and_one_query_reads_every_brand(tmp_path, monkeypatch):
    monkeypatch.delenv("RESONANCE_LAKE_URL", raising=False)
    deployment = Paths(tmp_path / "deployment")
    acme = with_marts(deployment.for_brand("acme"), [("a1", 100), ("a2", 50)])
    globex = with_marts(deployment.for_brand("globex"), [("g1", 7)])
    for brand in (acme, globex):
        publication = publish(brand)
        assert publication.lake == str(deployment.lake)
    assert (deployment.lake / "marts" / "fct_post_performance" / "brand=acme" / "data.parquet").is_file()
    totals = "select brand, count(*), sum(impressions) from marts.fct_post_performance group by 1 order by 1"
    assert lake_rows(deployment, totals) == [("acme", 2, 150), ("globex", 1, 7)]

    # acme publishes again with new numbers: its partition is replaced, globex's is untouched, nothing doubles
    with_marts(acme, [("a1", 120), ("a2", 50), ("a3", 1)])
    publish(acme)
    publish(acme)
    assert lake_rows(deployment, totals) == [("acme", 3, 171), ("globex", 1, 7)]
    assert lake_rows(deployment, "select count(*) from marts.dim_date") == [(2,)]  # one row per brand

    # the deployment's own root is the brand `default`, in the same lake
    with_marts(deployment, [("d1", 3)])
    publish(deployment)
    assert lake_rows(deployment, totals) == [("acme", 3, 171), ("default", 1, 3), ("globex", 1, 7)]
    # Hive-partitioned Parquet any engine reads without the catalog
    with duckdb.connect() as con:
        files = deployment.lake / "marts" / "fct_post_performance" / "*" / "*.parquet"
        brands = con.execute(f"select distinct brand from read_parquet('{files}', hive_partitioning = true) "
                             "order by 1").fetchall()  # fmt: skip
    assert brands == [("acme",), ("default",), ("globex",)]
