"""Pseudonymous identities: commenters and customers are stored as keyed hashes, never as written.

A brand needs to know that the same person commented twice, or that a buyer came back, not who they
are. `pseudonymize` turns a handle, an email or a platform user id into HMAC-SHA256 under the
installation's identity key, so the same person gets the same token across files and loads, while nobody
without the key can test a guess (a plain hash of an email can be reversed by hashing candidate emails).
The key comes from `$RESONANCE_IDENTITY_KEY` or `<home>/secrets/identity.key`, created on first use;
keep it with the warehouse backups, or tokens from later loads stop matching earlier ones.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

KEY_ENV = "RESONANCE_IDENTITY_KEY"
TOKEN_LENGTH = 32  # hex characters: 128 bits, plenty to avoid collisions among a brand's audience
_HASHED = re.compile(r"[0-9a-f]{64}")  # what a template's `*_sha256` column must already look like


def normalize_identity(value: str) -> str:
    """The form hashed: trimmed, lower-case, without a leading `@` (`@Ana_Hikes ` and `ana_hikes` match)."""
    return value.strip().lower().removeprefix("@")


def pseudonymize(value: str | None, key: bytes) -> str | None:
    """A stable token for one identity under `key`; NULL stays NULL."""
    if value is None or not value.strip():
        return None
    digest = hmac.new(key, normalize_identity(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:TOKEN_LENGTH]


def looks_hashed(value: str) -> bool:
    """True for a 64-hex-digit SHA-256, the form brands are asked to hash customer ids into."""
    return bool(_HASHED.fullmatch(value.strip().lower()))


def identity_key(secrets_dir: Path) -> bytes:
    """The installation's key: the environment's, else the key file, created (0600) when absent."""
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode("utf-8")
    path = secrets_dir / "identity.key"
    if not path.exists():
        secrets_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode("utf-8")
