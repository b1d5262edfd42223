"""The README's "Adding an export type or a platform", followed literally for a made-up platform.

Pigeon's files (`new_platform/`, mirroring the project's layout) go into a copy of the project beside its
two one-line edits, exactly the files the README's table lists and no other. In that copy the registry's
own checks and Pigeon's test module pass, and Pigeon's sample export, loaded and built, reaches the marts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.config import PROJECT_DIR

pytestmark = pytest.mark.slow  # a full dbt build in the copy

NEW_PLATFORM = Path(__file__).parent / "new_platform"
PLACEHOLDERS = {
    "<platform>": "pigeon",
    "<what>": "posts",
    "<entity>": "posts",
    "<shape folder>": "posts",
    "<shape>": "post_snapshots",
}
PLATFORMS_LINE = "    pigeon: [post_snapshots]\n"
ENGAGEMENT_ROWS = (
    "pigeon,all,likes,true,Likes\n"
    "pigeon,all,comments,true,Replies\n"  # a component not listed (views) does not count
)


def readme_files() -> dict[str, str]:
    """The README's table of files for a new platform: path (placeholders filled in) -> 'new' or 'edited'."""
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- platform-files:start -->")[1].split("<!-- platform-files:end -->")[0]
    files = {}
    for path, kind in re.findall(r"^\| `([^`]+)` \| (new|edited)", table, re.M):
        for placeholder, value in PLACEHOLDERS.items():
            path = path.replace(placeholder, value)
        files[path] = kind
    return files


def copy_project(destination: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "target", "logs", "dbt_packages", ".resonance", "new_platform")
    for folder in ("ingest", "dbt_project", "expectations", "tests"):
        shutil.copytree(PROJECT_DIR / folder, destination / folder, ignore=ignore)
    shutil.copy(PROJECT_DIR / "pyproject.toml", destination / "pyproject.toml")
    return destination


def add_pigeon(project: Path) -> set[str]:
    """What a newcomer does, by the README: the new files, and the two shared edits. Returns the paths."""
    added = set()
    for source in NEW_PLATFORM.rglob("*"):
        if source.is_file() and "__pycache__" not in source.parts:
            relative = source.relative_to(NEW_PLATFORM).as_posix()
            (project / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, project / relative)
            added.add(relative)
    project_yml = project / "dbt_project" / "dbt_project.yml"
    text = project_yml.read_text(encoding="utf-8")
    text = re.sub(r"(\n  platforms:\n(?:    .+\n)+)", lambda m: m.group(1) + PLATFORMS_LINE, text, count=1)
    assert PLATFORMS_LINE in text
    project_yml.write_text(text, encoding="utf-8")
    with (project / "dbt_project" / "seeds" / "engagement_definitions.csv").open("a", encoding="utf-8") as seed:
        seed.write(ENGAGEMENT_ROWS)
    return added | {"dbt_project/dbt_project.yml", "dbt_project/seeds/engagement_definitions.csv"}


BUILD = """
import json, duckdb
from ingest.config import Paths
from ingest.load.loader import ingest_landing
from ingest.samples import sample_files, write_sample
from ingest.transform.dbt import dbt_build

home = Paths.from_env().ensure()
for sample in sample_files():
    if sample.export_type == "pigeon_posts":
        write_sample(home.landing, sample)
loads = [(r.status, r.export_type, r.raw_tables, r.reason) for r in ingest_landing(home)]
build = dbt_build(home)
if not build.success:
    print(json.dumps({"loads": loads, "build": False, "failed": build.failed, "posts": None}))
    raise SystemExit(0)
con = duckdb.connect(str(home.writer_db), read_only=True)
posts = con.execute(
    "select account_id, post_id, views, likes, comments, engagements from marts.fct_post_performance"
    " where platform = 'pigeon' order by post_id"
).fetchall()
print(json.dumps({"loads": loads, "build": build.success, "failed": build.failed, "posts": posts}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, set[str]]:
    project = copy_project(tmp_path_factory.mktemp("with-pigeon"))
    return project, add_pigeon(project)


def run_in(project: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project), "RESONANCE_HOME": str(home or project / ".resonance")}
    return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=900)


def test_the_readme_lists_every_file_adding_a_platform_touches(project) -> None:
    _, touched = project
    listed = readme_files()
    assert set(listed) == touched
    assert {path for path, kind in listed.items() if kind == "edited"} == {
        "dbt_project/dbt_project.yml",
        "dbt_project/seeds/engagement_definitions.csv",
    }


def test_the_registry_checks_and_the_new_test_module_pass_in_the_copy(project) -> None:
    root, _ = project
    tests = ["tests/exports/test_registry.py", "tests/exports/test_pigeon_posts.py"]
    outcome = run_in(root, "-m", "pytest", "-v", "-p", "no:cacheprovider", *tests)
    assert outcome.returncode == 0, outcome.stdout[-3000:] + outcome.stderr[-2000:]
    # the registry's checks ran for Pigeon too, and Pigeon's own tests ran
    assert "test_export_type_says_what_it_is_and_where_the_file_comes_from[pigeon_posts] PASSED" in outcome.stdout
    assert "test_raw_table_has_an_expectation_suite_and_a_dbt_source[pigeon__posts] PASSED" in outcome.stdout
    assert "test_pigeon_posts.py::test_the_sample_is_detected_as_pigeon_posts PASSED" in outcome.stdout


def test_the_new_platforms_sample_loads_builds_and_reaches_the_marts(project, tmp_path) -> None:
    root, _ = project
    for run in (1, 2):  # the second run finds the file loaded and nothing new to build
        outcome = run_in(root, "-c", BUILD, home=tmp_path / "home")
        assert outcome.returncode == 0, outcome.stderr[-3000:]
        report = json.loads(outcome.stdout.strip().splitlines()[-1])
        assert report["build"], report["failed"]
        assert report["loads"] == ([["loaded", "pigeon_posts", ["pigeon__posts"], None]] if run == 1 else [])
        assert report["posts"] == [
            ["northwind-pigeon", "pg7000", 1000, 40, 5, 45],
            ["northwind-pigeon", "pg7001", 1100, 41, 6, 47],
            ["northwind-pigeon", "pg7002", 1200, 42, 7, 49],
        ]
