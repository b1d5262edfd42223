"""Shared by the Meta pull tests: the stand-in's accounts, targets, and what the stand-in serves vs. what the raw
tables hold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
from pulls import target

from ingest.samples.apis.meta import MetaStandIn
from ingest.samples.facebook import FB_PAGE_ID
from ingest.samples.instagram import IG_USER_ID
from ingest.samples.meta_ads import META_ACCOUNTS

TODAY = date(2026, 12, 7)
TOKEN = "meta-demo-token"
AD_ACCOUNT = META_ACCOUNTS[0][1]
IG_LANDING, FB_LANDING, ADS_LANDING = "northwindgear-instagram-api", "northwindgear-facebook-api", "northwind-ads-us"


def ig_target(token: str = TOKEN, user: str = IG_USER_ID):
    return target("instagram", user, IG_LANDING, token, "resonance_meta")


def fb_target(token: str = TOKEN, page: str = FB_PAGE_ID):
    return target("facebook", page, FB_LANDING, token, "resonance_meta")


def ads_target(token: str = TOKEN, account: str = AD_ACCOUNT):
    return target("meta_ads", account, ADS_LANDING, token, "resonance_meta")


def query(paths, sql: str) -> tuple:
    with duckdb.connect(str(paths.writer_db), read_only=True) as con:
        return con.execute(sql).fetchone()


def served_ads(standin: MetaStandIn, first: date, last: date) -> tuple[int, Decimal]:
    items = standin.ad_items(AD_ACCOUNT, first, last, ["spend"])
    return len(items), sum((Decimal(i["spend"]) for i in items), Decimal(0))


def raw_ads(paths) -> tuple[int, Decimal]:
    rows, spend = query(paths, "select count(*), sum(spend) from raw.meta_ads__insights")
    return rows, spend
