"""Mark, in compiled SQL, the text that dispatched macros emitted, so the portability check
(`ingest.transform.portable`) can tell it from the SQL the project wrote itself.

A dispatched macro (`adapter.dispatch`) is how a dbt project says "this part depends on the engine": on
another target dbt compiles that engine's branch instead. So the DuckDB SQL such a macro emits here is not
the project's portability problem, and everything else is. Two kinds of macro count as dispatched:

- the project's own (`as_utc_timestamp`, `type_double`, ...), when dbt resolved an adapter branch
  (`duckdb__...`). A `default__` branch is what every engine without its own branch compiles (`day_offsets`
  has no other), so its SQL is checked like a model's;
- dbt's cross-database macros (`dbt.dateadd`, `dbt.split_part`, `dbt.type_string`, ...: the macros of dbt's
  and the adapter's `macros/utils/`), whichever branch: each adapter package (dbt-spark, dbt-trino) ships
  its own, and dbt-duckdb's are DuckDB SQL (`string_split(...)[n]`, `date_diff(...)`, `::timestamp`).

`marked_dispatch()` wraps dbt's dispatch for the length of one compile: every call of such a macro renders
as

    /* portable:dispatched dbt.dateadd ["day", "day_offsets.day_offset", "bounds.first_rate_date"] */<the
    SQL it emitted>/* portable:end */

The JSON array lists the SQL the caller passed in (the strings that parse as one argument; the datepart
`day` reads as a column and does no harm), each already neutralised. sqlglot is a dev dependency:
this module and the check run in CI, never in the pipeline. `neutralize` replaces every
outermost span by `portable_dispatched(<those expressions>)` (a bare `portable_dispatched` when there are
none, so a type macro in `cast(x as ...)` still parses), keeping the line count: what the macro emitted
leaves, and what the model handed it is checked like the rest of the model. Only the check compiles this
way; the project's own compiles and builds never see a marker.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ingest.config import Paths

PLACEHOLDER = "portable_dispatched"
END = "/* portable:end */"
# The arguments' JSON never holds a `*` (escaped as \u002a), so no comment can start or end inside it.
MARK = re.compile(r"/\* portable:(?:dispatched (?P<name>\S+) (?P<arguments>\[[^*]*\])|end) \*/")
QUERY_START = re.compile(r"\s*(?:select|with)\b", re.IGNORECASE)
CROSS_DATABASE_FOLDER = "macros/utils/"  # where dbt and its adapters keep the cross-database macros


def opening(name: str, arguments: list[str]) -> str:
    encoded = json.dumps(arguments).replace("*", "\\u002a")
    return f"/* portable:dispatched {name} {encoded} */"


def neutralize(sql: str) -> str:
    """`sql` with every outermost marked span replaced by its placeholder, lines kept where they were.

    Raises ValueError on markers that do not pair up: a compile that mangled them cannot be trusted."""
    parts: list[str] = []
    depth = 0
    copied_to = 0
    outer: re.Match[str] | None = None
    for mark in MARK.finditer(sql):
        if mark.group("name"):
            if depth == 0:
                parts.append(sql[copied_to : mark.start()])
                outer = mark
            depth += 1
            continue
        if depth == 0:
            raise ValueError(f"`{END}` without an opening marker at offset {mark.start()}")
        depth -= 1
        if depth == 0 and outer is not None:
            parts.append(placeholder(json.loads(outer.group("arguments")), sql[outer.end() : mark.start()]))
            copied_to = mark.end()
    if depth:
        raise ValueError(f"a `portable:dispatched` marker is never closed ({outer.group('name') if outer else ''})")
    parts.append(sql[copied_to:])
    return "".join(parts)


def placeholder(arguments: list[str], emitted: str) -> str:
    """The neutral stand-in for one dispatched span: a call of `portable_dispatched` on the caller's
    expressions, a one-column query when the macro emitted a query, and as many line breaks as it spanned."""
    call = f"{PLACEHOLDER}({', '.join(arguments)})" if arguments else PLACEHOLDER
    text = f"select {call}" if QUERY_START.match(emitted) else call
    return text + "\n" * max(0, emitted.count("\n") - text.count("\n"))


def sql_arguments(values: list[Any]) -> list[str]:
    """The strings a macro was called with (lists flattened), neutralised, that can stand as one argument of
    the placeholder: numbers and flags are left out, and so is text that would break it (`a, b`, a trailing
    `--` comment), so the placeholder always parses."""
    import sqlglot
    from sqlglot import exp

    found: list[str] = []
    for value in values:
        for item in value if isinstance(value, list | tuple) else [value]:
            if not isinstance(item, str) or not item.strip():
                continue
            text = neutralize(item).strip()
            try:
                call = sqlglot.parse_one(f"select {PLACEHOLDER}({text})", read="duckdb").selects[0]
            except (sqlglot.errors.SqlglotError, IndexError):
                continue
            if isinstance(call, exp.Anonymous) and len(call.expressions) == 1:
                found.append(text)
    return found


def is_marked(macro: Any, project_name: str) -> bool:
    """Whether the macro dbt resolved for a dispatch emits engine-specific SQL (see the module docstring)."""
    if macro.package_name == project_name:
        return not macro.name.startswith("default__")
    return macro.original_file_path.startswith(CROSS_DATABASE_FOLDER)


class MarkedMacro:
    """A dispatched macro whose SQL comes back between markers; anything else it returns (a list, a
    relation) comes back unchanged."""

    def __init__(self, macro: Any, name: str) -> None:
        self._macro = macro
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        emitted = self._macro(*args, **kwargs)
        if not isinstance(emitted, str):
            return emitted
        return opening(self._name, sql_arguments([*args, *kwargs.values()])) + emitted + END

    def __getattr__(self, name: str) -> Any:
        return getattr(self._macro, name)


@contextmanager
def marked_dispatch() -> Iterator[None]:
    """For the length of the block, `adapter.dispatch` returns marked macros (dbt 1.11's
    `BaseDatabaseWrapper.dispatch`; the slow test that compiles the project fails if that moves)."""
    from dbt.context.providers import BaseDatabaseWrapper

    original = BaseDatabaseWrapper.dispatch

    def dispatch(self: Any, macro_name: str, macro_namespace: str | None = None, packages: Any = None) -> Any:
        macro = original(self, macro_name, macro_namespace, packages)
        if not is_marked(macro.macro, self.config.project_name):
            return macro
        return MarkedMacro(macro, f"{macro_namespace or macro.macro.package_name}.{macro_name}")

    BaseDatabaseWrapper.dispatch = dispatch
    try:
        yield
    finally:
        BaseDatabaseWrapper.dispatch = original


def compile_marked(home: Paths) -> Path:
    """`dbt compile` of the whole project under `home` (an empty warehouse with every raw table, target/ and
    logs/ under the root), dispatched spans marked. Returns the folder of the compiled SQL."""
    from dbt.cli.main import dbtRunner

    from ingest.transform.dbt import dbt_args, dbt_environment, ensure_sources

    dbt_environment(home)
    ensure_sources(home)  # incremental models ask the warehouse whether their table exists
    with marked_dispatch():
        outcome = dbtRunner().invoke(["--quiet", *dbt_args(home, "compile")])
    if not outcome.success:
        raise RuntimeError(f"dbt compile failed: {outcome.exception or 'see ' + str(home.dbt_logs)}")
    return home.dbt_target / "compiled"
