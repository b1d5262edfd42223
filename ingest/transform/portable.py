"""The portability check of the dbt project: the SQL the project writes itself must read the same on Spark
and Trino as on DuckDB, so that moving to another engine stays a matter of switching the dbt target.

dbt translates nothing: on another target it sends each model's text as written, and only the dispatched
macros compile to the new engine's SQL. So "sqlglot can transpile it" is not enough. sqlglot silently
rewrites `epoch_ms(x)`, `list_value(...)`, `regexp_matches(...)`, `strftime(...)`, `QUALIFY`, `* EXCLUDE` or
`x::int` into valid Spark and Trino, while the model, sent as written, fails there. Each compiled file is
judged on its SQL with the dispatched macros' output neutralised (`ingest.transform.dispatch_marks`):

1. sqlglot parses it as DuckDB and writes it for Spark and Trino with `unsupported_level=RAISE`: what sqlglot
   cannot express in a target fails, in sqlglot's words;
2. what sqlglot would rewrite or pass through unchanged must not be there: every function is called by a name
   the three engines share with the same meaning (`PORTABLE_FUNCTIONS`), every type is written with a name
   they share (`PORTABLE_TYPES`), and none of DuckDB's own syntax is used (`SYNTAX_RULES`, `token_findings`:
   `::`, `QUALIFY`, `* EXCLUDE`, `GROUP BY ALL`, list and struct literals, `[...]` subscripts, intervals...).

A finding names the file, the line in the compiled file, the dialect(s) and the construct. The fix is a
cross-database macro (`dbt.dateadd`, `dbt.type_string()`...) or a dispatched macro of the project with a
portable `default__` branch. A function or type joins the allowlists once both engines' documentation says
it means the same there.

It is a parser check, not an engine check: it shows the SQL is spelled portably as far as sqlglot knows the
three dialects, not that Spark or Trino would run it or return the same rows (NULL ordering, integer
division and time zones are not judged, nor what dispatched macros and materializations emit). Quoting is
left to dbt too: `ref`, `source` and `adapter.quote` render each adapter's own quotes.

    python -m ingest.transform.portable --compile-in ROOT   # compile the project under ROOT, then check it
    python -m ingest.transform.portable COMPILED_DIR        # check SQL compiled by dispatch_marks.compile_marked
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError
from sqlglot.tokens import TokenType

from ingest.transform.dispatch_marks import PLACEHOLDER, neutralize

TARGETS = ("spark", "trino")
BOTH = ", ".join(TARGETS)
WRITTEN_NAME = "portable_written_name"  # meta keys of sqlglot nodes: how a function call / a type was written
WRITTEN_TYPE = "portable_written_type"

# Functions DuckDB, Spark and Trino all have under this name, with the same meaning. Deliberately absent:
# concat (DuckDB skips NULL arguments, Spark and Trino return NULL: dbt.concat), right, split_part, position,
# datediff, dateadd, listagg / string_agg, try_cast (dbt's macros of those names, dbt.safe_cast).
PORTABLE_FUNCTIONS = frozenset(
    {
        # aggregates
        "avg", "count", "count_if", "max", "min", "sum", "stddev_pop", "stddev_samp", "var_pop", "var_samp",
        # window functions
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value",
        # conditionals and predicates
        "case", "if", "coalesce", "nullif", "greatest", "least", "exists",
        # numbers
        "abs", "round", "floor", "ceil", "sqrt", "ln", "exp", "power", "sign",
        # strings; regexp_extract(s, pattern, group): a group that does not match is '' in DuckDB and Spark
        # but NULL in Trino, so wrap it in nullif(..., '')
        "lower", "upper", "trim", "ltrim", "rtrim", "length", "substr", "substring", "replace", "lpad",
        "rpad", "reverse", "regexp_extract",
        # dates and casts
        "cast", "extract", "date_trunc", "current_date", "current_timestamp",
        PLACEHOLDER,
    }
)  # fmt: skip

# Type names the three engines read alike. The others differ: Spark wants STRING or VARCHAR(n), Spark's
# TIMESTAMP carries the session time zone, FLOAT is 4 bytes on DuckDB and Spark and absent from Trino, Spark
# has no DOUBLE PRECISION and Trino no NUMERIC: write dbt.type_string(), dbt.type_timestamp(), type_double(),
# dbt.type_numeric() (dispatched). A decimal needs its precision and scale (each engine has its own default).
PORTABLE_TYPES = frozenset({"boolean", "tinyint", "smallint", "integer", "bigint", "decimal", "double", "date"})


@dataclass(frozen=True)
class Finding:
    file: str
    line: int | None  # in the compiled file
    dialect: str
    construct: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.dialect}: {self.construct}: {self.reason}"


class DuckDBAsWritten(DuckDB):
    """sqlglot's DuckDB, keeping how each function call and each type was written. sqlglot reads
    `epoch_ms(x)` as its own UnixToTime and `double precision` as DOUBLE and forgets the spelling, which is
    what another engine would read."""

    class Parser(DuckDB.Parser):
        def _parse_function_call(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - sqlglot's own
            token = self._curr
            call = super()._parse_function_call(*args, **kwargs)
            function = call
            while isinstance(function, exp.Window | exp.Filter | exp.WithinGroup | exp.IgnoreNulls):
                function = function.this
            if isinstance(function, exp.Expr) and token is not None:
                function.meta.setdefault(WRITTEN_NAME, token.text)
                function.meta.setdefault("line", token.line)
            return call

        def _parse_types(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - sqlglot's own
            start = self._curr
            parsed = super()._parse_types(*args, **kwargs)
            if isinstance(parsed, exp.DataType) and start is not None and self._prev is not None:
                parsed.meta.setdefault(WRITTEN_TYPE, self.sql[start.start : self._prev.end + 1])
                parsed.meta.setdefault("line", start.line)
            return parsed


def _always(node: exp.Expr) -> bool:
    return True


def _from_operator(node: exp.Expr) -> bool:
    """A function node sqlglot built from an operator or a literal (`**`, `~`, `->`, `[1, 2]`): no name was
    written. The named form (`list_value(1, 2)`) is judged by its name."""
    return WRITTEN_NAME not in node.meta


# DuckDB syntax in the tree: (the node it reads as, whether this node is it, why it is not portable).
SYNTAX_RULES: tuple[tuple[type[exp.Expr], Callable[[exp.Expr], bool], str], ...] = (
    (exp.Qualify, _always, "QUALIFY is DuckDB's; filter a row_number() in an outer select"),
    (exp.Star, lambda n: any(n.args.get(k) for k in ("except_", "replace", "rename")),
     "* EXCLUDE / REPLACE / RENAME are DuckDB's; list the columns"),
    (exp.Group, lambda n: bool(n.args.get("all")), "GROUP BY ALL is DuckDB's; name the columns or positions"),
    (exp.Ordered, lambda n: isinstance(n.this, exp.Var) and n.this.name.upper() == "ALL",
     "ORDER BY ALL is DuckDB's; name the columns"),
    (exp.Distinct, lambda n: bool(n.args.get("on")), "DISTINCT ON is DuckDB's; keep row_number() = 1"),
    (exp.Join, lambda n: str(n.args.get("method") or "").upper() in {"ASOF", "POSITIONAL"},
     "ASOF and POSITIONAL joins are DuckDB's"),
    (exp.SetOperation, lambda n: bool(n.args.get("by_name")), "UNION BY NAME is DuckDB's; list the columns"),
    (exp.Pivot, _always, "each engine spells PIVOT / UNPIVOT its own way; use conditional aggregates"),
    (exp.TableSample, _always, "each engine spells sampling its own way"),
    (exp.Array, _from_operator, "a [...] list literal is DuckDB's (array(...) in Spark, ARRAY[...] in Trino)"),
    (exp.Struct, _from_operator, "a {...} struct literal is DuckDB's"),
    (exp.Bracket, _always, "a [...] subscript counts from 1 in DuckDB and Trino, from 0 in Spark"),
    (exp.Interval, _always, "each engine spells intervals its own way; use dbt.dateadd / dbt.datediff"),
    (exp.IntDiv, _always, "// is DuckDB's integer division; use floor(a / b)"),
    (exp.Pow, _from_operator, "** and ^ are DuckDB's power operators (^ is XOR in Spark); use power()"),
    (exp.ILike, _always, "Trino has no ILIKE; compare lower() with LIKE"),
    (exp.Glob, _always, "GLOB is DuckDB's"),
    (exp.SimilarTo, _always, "neither Spark nor Trino has SIMILAR TO"),
    (exp.RegexpLike, _from_operator, "~ is DuckDB's regular-expression match"),
    (exp.JSONExtract, _from_operator, "-> is DuckDB's JSON operator"),
    (exp.JSONExtractScalar, _from_operator, "->> is DuckDB's JSON operator"),
    (exp.Lambda, _always, "each engine writes lambdas its own way"),
)  # fmt: skip


def check_sql(sql: str, file: str) -> list[Finding]:
    """Every finding in one compiled file; its dispatch markers are neutralised here."""
    try:
        neutral = neutralize(sql)
    except ValueError as error:
        return [Finding(file, None, "duckdb", "dispatch markers", str(error))]
    try:
        trees = [tree for tree in sqlglot.parse(neutral, read=DuckDBAsWritten) if tree is not None]
    except ParseError as error:
        first = error.errors[0] if error.errors else {}
        return [Finding(file, first.get("line"), "duckdb", "unparsable SQL", first.get("description", str(error)))]
    findings = list(token_findings(neutral, file))
    for tree in trees:
        findings += untranspilable(tree, file)
        findings += duckdb_only(tree, file)
    return findings


def untranspilable(tree: exp.Expr, file: str) -> Iterator[Finding]:
    """What sqlglot cannot express in a target at all."""
    for dialect in TARGETS:
        try:
            tree.sql(dialect=dialect, unsupported_level=ErrorLevel.RAISE)
        except UnsupportedError as error:
            yield Finding(file, None, dialect, shorten(str(error)), "sqlglot cannot write it for this engine")


def duckdb_only(tree: exp.Expr, file: str) -> Iterator[Finding]:
    """What sqlglot would rewrite or pass through silently: DuckDB's functions, types and syntax."""
    for node in tree.walk():
        name = node.meta.get(WRITTEN_NAME)
        if name is not None and name.lower() not in PORTABLE_FUNCTIONS:
            yield Finding(
                file, line_of(node), BOTH, f"{name}()",
                "not a function the three engines share under this name; use a cross-database macro (dbt.*) "
                "or a dispatched one",
            )  # fmt: skip
        if isinstance(node, exp.DataType):
            yield from unportable_type(node, file)
        for kind, matches, reason in SYNTAX_RULES:
            if isinstance(node, kind) and matches(node):
                shown = node.parent if isinstance(node, exp.Ordered) and node.parent else node  # ORDER BY ALL
                yield Finding(file, line_of(node), BOTH, shorten(shown.sql(dialect="duckdb")), reason)


def unportable_type(node: exp.DataType, file: str) -> Iterator[Finding]:
    """A type the SQL names (not one sqlglot inferred), judged by the name it was written with."""
    written = node.meta.get(WRITTEN_TYPE)
    if written is None or isinstance(node.parent, exp.DataType):  # ARRAY<...>: the outer type is reported
        return
    name, _, parameters = " ".join(written.lower().split()).partition("(")
    name = name.strip()
    if name == PLACEHOLDER or (name in PORTABLE_TYPES and (parameters or name != "decimal")):
        return
    yield Finding(
        file, line_of(node), BOTH, f"type {written}",
        "not a type name the three engines read alike; use dbt.type_*() or type_double()",
    )  # fmt: skip


def token_findings(sql: str, file: str) -> Iterator[Finding]:
    """DuckDB syntax the tree no longer shows (sqlglot normalises it away): `x::type`, a query that starts
    with FROM, a file read as a table (`from 'exports/*.csv'`)."""
    tokens = DuckDBAsWritten().tokenize(sql)
    for before, token, after in zip([None, *tokens[:-1]], tokens, [*tokens[1:], None], strict=True):
        kind = token.token_type
        if kind == TokenType.DCOLON:
            yield Finding(file, token.line, BOTH, "`::`", "DuckDB's cast operator (Trino has none); write cast(x as t)")
        if kind == TokenType.FROM and (before is None or before.token_type in {TokenType.L_PAREN, TokenType.SEMICOLON}):
            yield Finding(file, token.line, BOTH, "`from ... select`", "a query that starts with FROM is DuckDB's")
        if kind in {TokenType.FROM, TokenType.JOIN} and after is not None and after.token_type == TokenType.STRING:
            construct = f"`{token.text} '{after.text}'`"
            yield Finding(file, token.line, BOTH, construct, "a file read as a table is DuckDB's")


def line_of(node: exp.Expr) -> int | None:
    """The line of the node in the compiled file, or of the first thing inside it that knows its line."""
    for candidate in node.walk():
        if "line" in candidate.meta:
            return candidate.meta["line"]
    return None


def shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_compiled(folder: Path) -> tuple[int, list[Finding]]:
    """(files read, findings) over every `.sql` file under `folder`: the models, and the tests dbt compiled
    beside them (they run on the engine too)."""
    files = sorted(folder.rglob("*.sql"))
    findings: list[Finding] = []
    for path in files:
        findings += check_sql(path.read_text(), str(path.relative_to(folder)))
    return len(files), findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest.transform.portable",
        description="Fail on SQL outside dispatched macros that Spark or Trino would not read as DuckDB does.",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "compiled", nargs="?", type=Path, help="a folder of SQL compiled with dispatched spans marked (compile_marked)"
    )
    where.add_argument(
        "--compile-in", type=Path, metavar="ROOT",
        help="compile the project under ROOT (an empty folder: throwaway warehouse, dbt target/ and logs/), then check",
    )  # fmt: skip
    options = parser.parse_args(argv)
    if options.compile_in is not None:
        from ingest.config import Paths
        from ingest.transform.dispatch_marks import compile_marked

        folder = compile_marked(Paths(options.compile_in.resolve()))
    else:
        folder = options.compiled
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")
    count, findings = check_compiled(folder)
    for finding in findings:
        print(finding)
    sys.stdout.flush()
    print(f"portable SQL ({BOTH}): {count} compiled files, {len(findings)} findings", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
