"""Credentials and accounts the Airflow way: one Airflow connection per platform family.

| connection id        | pulls                             | password                  | login           |
|----------------------|-----------------------------------|---------------------------|-----------------|
| `resonance_meta`     | `meta_ads`, `instagram`, `facebook` | long-lived or System User token | -        |
| `resonance_youtube`  | `youtube`                         | the OAuth refresh token   | OAuth client id |
| `resonance_linkedin` | `linkedin`                        | access token              | -               |
| `resonance_tiktok`   | `tiktok_ads`                      | advertiser access token   | -               |
| `resonance_x`        | `x`                               | OAuth 2.0 user (or app bearer) token | -    |

The accounts to pull are in the connection's extra, per platform:

    {"accounts": {"instagram": [{"id": "17841400000000001", "landing": "northwindgear-instagram"}]},
     "token_expires_at": "2027-01-30T00:00:00Z", "client_secret": "..."}

`id` is the platform's own id (ad account, page, channel, organization, advertiser, user); `landing` the
landing folder (the warehouse's account) its files go to, `id` when absent; `brand` the brand whose landing
that is (`default` when absent). `token_expires_at` is optional:
`resonance status` warns 7 days ahead. Google's client secret sits in the extra (Airflow masks extras named
like secrets).

Connections resolve from the `AIRFLOW_CONN_RESONANCE_META` variable (JSON or URI) when it is set, read here
directly so the command line works without a configured Airflow; otherwise through Airflow itself
(`BaseHook.get_connection`: secrets backends, then the metadata database). A variable set for a platform
therefore wins over a secrets backend's connection of the same id.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, unquote, urlsplit

from ingest.config import BRAND_ID, DEFAULT_BRAND

PLATFORM_CONNECTIONS = {
    "meta_ads": "resonance_meta",
    "instagram": "resonance_meta",
    "facebook": "resonance_meta",
    "youtube": "resonance_youtube",
    "linkedin": "resonance_linkedin",
    "tiktok_ads": "resonance_tiktok",
    "x": "resonance_x",
}


class ConfigError(Exception):
    """The connection or its accounts are missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Credentials:
    conn_id: str
    token: str  # the connection's password
    login: str = ""
    extra: Mapping = field(default_factory=dict)

    @property
    def token_expires_at(self) -> datetime | None:
        value = self.extra.get("token_expires_at")
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Everything that must never be written down."""
        return tuple(s for s in (self.token, str(self.extra.get("client_secret", ""))) if s)


@dataclass(frozen=True)
class Account:
    platform: str
    id: str
    landing: str  # the landing folder: the warehouse's account
    brand: str = DEFAULT_BRAND  # whose landing (and warehouse) the account's files go to


@dataclass(frozen=True)
class Target:
    """One (platform, account) to pull, with the credentials to pull it."""

    account: Account
    credentials: Credentials


def _from_uri(conn_id: str, uri: str) -> Credentials:
    parts = urlsplit(uri)
    query = dict(parse_qsl(parts.query))
    extra = json.loads(query.pop("__extra__")) if "__extra__" in query else query
    return Credentials(conn_id, unquote(parts.password or ""), unquote(parts.username or ""), extra)


def _from_env(conn_id: str) -> Credentials | None:
    value = os.environ.get(f"AIRFLOW_CONN_{conn_id.upper()}")
    if not value:
        return None
    if value.lstrip().startswith("{"):
        document = json.loads(value)
        extra = document.get("extra") or {}
        if isinstance(extra, str):
            extra = json.loads(extra)
        return Credentials(conn_id, document.get("password") or "", document.get("login") or "", extra)
    return _from_uri(conn_id, value)


def credentials(conn_id: str) -> Credentials:
    """The connection `conn_id`, from Airflow (inside a task) or the `AIRFLOW_CONN_*` variable."""
    found = _from_env(conn_id)
    if found is not None:
        return found
    try:
        from airflow.sdk import BaseHook

        connection = BaseHook.get_connection(conn_id)
    except Exception as error:  # noqa: BLE001 - Airflow raises its own not-found type per version
        raise ConfigError(
            f"no Airflow connection {conn_id!r}: create it (Admin > Connections, `airflow connections add`) "
            f"or set AIRFLOW_CONN_{conn_id.upper()}; see the README's 'Pulling from the platforms' ({error})"
        ) from None
    return Credentials(conn_id, connection.password or "", connection.login or "", connection.extra_dejson or {})


def accounts(platform: str, creds: Credentials) -> list[Account]:
    """The accounts `creds` lists for `platform` (an empty list when it lists none)."""
    listed = creds.extra.get("accounts", {})
    if not isinstance(listed, Mapping):
        raise ConfigError(f"{creds.conn_id}: extra.accounts must be an object keyed by platform, e.g. "
                          f'{{"{platform}": [{{"id": "...", "landing": "..."}}]}}')  # fmt: skip
    found = []
    for entry in listed.get(platform, []):
        if isinstance(entry, str):
            entry = {"id": entry}
        if not isinstance(entry, Mapping) or not entry.get("id"):
            raise ConfigError(f"{creds.conn_id}: each of extra.accounts.{platform} needs an 'id', got {entry!r}")
        brand = str(entry.get("brand") or DEFAULT_BRAND)
        if not BRAND_ID.fullmatch(brand):
            raise ConfigError(f"{creds.conn_id}: extra.accounts.{platform}: {brand!r} is not a brand id")
        found.append(Account(platform, str(entry["id"]), str(entry.get("landing") or entry["id"]), brand))
    return found


def targets(platforms: list[str], account_id: str | None = None) -> list[Target]:
    """Every configured (platform, account) among `platforms`, or the one account `account_id` names."""
    found = []
    for platform in platforms:
        conn_id = PLATFORM_CONNECTIONS[platform]
        try:
            creds = credentials(conn_id)
        except ConfigError:
            if len(platforms) == 1:
                raise
            continue  # a platform family with no connection is simply not pulled
        for account in accounts(platform, creds):
            if account_id is None or account_id in (account.id, account.landing):
                found.append(Target(account, creds))
    return found
