"""The lake under an S3-compatible prefix (`RESONANCE_LAKE_URL`): a brand's publish puts each mart there as
`marts/<table>/brand=<id>/data.parquet`, next to the other brands', on a local S3 server (moto)."""

from __future__ import annotations

import io

import boto3
import pyarrow.parquet as pq

from ingest import warehouse
from ingest.config import Paths
from ingest.serve.publish import publish


def test_a_brand_publishes_its_partition_of_each_mart_under_the_lake_prefix(
    tmp_path, s3_landing, s3_endpoint, monkeypatch
):
    monkeypatch.setenv("RESONANCE_LAKE_URL", f"s3://{s3_landing.name}/lake")
    monkeypatch.setenv("RESONANCE_LAKE_ENDPOINT_URL", s3_endpoint)
    for brand, impressions in (("acme", 100), ("globex", 7)):
        home = Paths(tmp_path / "deployment").for_brand(brand).ensure()
        con = warehouse.connect(home.writer_db)
        con.execute("create schema marts")
        con.execute(f"create table marts.fct_post_performance as select 'p1' as post_id, {impressions} as impressions")
        con.close()
        assert publish(home).lake == f"s3://{s3_landing.name}/lake"

    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    keys = [k for k in s3_landing.keys() if k.startswith("lake/")]
    assert keys == [
        "lake/marts/fct_post_performance/brand=acme/data.parquet",
        "lake/marts/fct_post_performance/brand=globex/data.parquet",
    ]
    body = client.get_object(Bucket=s3_landing.name, Key=keys[1])["Body"].read()
    assert pq.read_table(io.BytesIO(body)).to_pylist() == [{"post_id": "p1", "impressions": 7}]
