"""The README's table of supported exports is the registry's, so documentation cannot drift from code."""

from __future__ import annotations

import re

from ingest.config import PROJECT_DIR
from ingest.serve.output import supported_exports_markdown


def test_readme_table_of_supported_exports_matches_the_registry() -> None:
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- exports:start -->\n(.*?)\n?<!-- exports:end -->", readme, re.DOTALL)
    assert block, "README.md lost its <!-- exports:start --> / <!-- exports:end --> markers"
    assert block.group(1).strip() == supported_exports_markdown(), (
        "README's supported-exports table is stale: paste the output of `resonance exports --markdown`"
    )
