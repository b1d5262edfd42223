"""Files dropped into a test's landing folder, settled (modified long ago) unless a test says otherwise."""

from __future__ import annotations

import os
import time
from pathlib import Path

LONG_AGO = time.time() - 86_400  # a modification time well past any settle window


def drop(landing: Path, key: str, body: bytes = b"id,value\n1,2\n", *, modified: float | None = LONG_AGO) -> Path:
    """Write a file under landing; by default it was last modified long ago (settled)."""
    path = landing / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    if modified is not None:
        os.utime(path, (modified, modified))
    return path
