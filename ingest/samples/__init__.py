"""Deterministic sample exports, written byte for byte the way the platforms write them.

One code path makes both the demo landing folder (`generate_samples`) and test fixtures (each platform
module's `write_*` functions, with rows a test chooses), so a test exercises exactly the bytes a demo
loads. The rows are kept in memory (`sample_files`), which lets tests compute expected totals without
re-reading the files.

One module per platform (`x`, `youtube`, `meta_ads`, ...). A module that defines `samples(seed)` adds its
files to the sample landing folder; nothing else registers it. Everything derives from `random.Random`
seeded per file from `seed` and fixed dates; file modification times are set to a fixed export time, so
an as-of taken from mtime is deterministic too. Byte styles are copied from real files
(shared/reference/platform-formats.md) and described in each module.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from ingest.samples.model import SampleFile

__all__ = ["SampleFile", "generate_samples", "sample_files", "write_sample"]


def sample_files(seed: int = 7) -> list[SampleFile]:
    """The sample exports in memory, the same for the same seed."""
    files: list[SampleFile] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        platform = importlib.import_module(f"{__name__}.{module.name}")
        if hasattr(platform, "samples"):
            files.extend(platform.samples(seed))
    return files


def write_sample(landing: Path, sample: SampleFile) -> Path:
    """Write one sample file under `landing` the way its platform does."""
    return sample.write(landing.joinpath(*sample.path.parts), sample)


def generate_samples(landing: Path, seed: int = 7) -> list[Path]:
    """Write the sample exports under `landing/<account>/...`; the same seed gives byte-identical files
    with identical modification times. Returns the paths written."""
    return [write_sample(landing, sample) for sample in sample_files(seed)]
