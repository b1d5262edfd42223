"""The portability check (`make lint-portable`): SQL a model writes itself must read alike on DuckDB, Spark and
Trino, while what a dispatched macro emits for DuckDB is the adapter's business.

The checker reads compiled files, so most tests write small compiled files into tmp_path; the last one
compiles the real project the way `make lint-portable` does.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from ingest.config import Paths
from ingest.transform.dispatch_marks import (
    END,
    MARK,
    MarkedMacro,
    compile_marked,
    is_marked,
    neutralize,
    opening,
    sql_arguments,
)
from ingest.transform.portable import BOTH, check_compiled, check_sql, main


def marked(name: str, emitted: str, *arguments: str) -> str:
    """What the check's compile writes for one call of a dispatched macro."""
    return opening(name, list(arguments)) + emitted + END


def model(body: str) -> str:
    """A compiled model the way dbt writes them: import CTE, logical CTE, final select."""
    return f"""with

source as (

    select * from "resonance"."staging"."stg_x__posts"

),

final as (

    select
        {body}

    from source

)

select * from final
"""


def findings_in(tmp_path: Path, sql: str) -> list:
    path = tmp_path / "compiled" / "resonance" / "models" / "marts" / "fct_probe.sql"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sql)
    count, findings = check_compiled(tmp_path / "compiled")
    assert count == 1
    return findings


# ---- DuckDB's own SQL written in a model fails, whether or not sqlglot could rewrite it ----

DUCKDB_ONLY = [
    # (what the model writes, the construct the finding names)
    ("epoch_ms(created_ms) as created_at", "epoch_ms()"),
    ("list_value(post_id, account_id) as ids", "list_value()"),
    ("struct_pack(a := post_id) as packed", "struct_pack()"),
    ("regexp_matches(caption, '#[a-z]+') as has_tag", "regexp_matches()"),
    ("strftime(created_at, '%Y-%m') as month_label", "strftime()"),
    ("timezone('UTC', created_at) as created_utc", "timezone()"),
    ("quantile_cont(likes, 0.5) over () as median_likes", "quantile_cont()"),
    ("string_split(permalink, '/') as parts", "string_split()"),
    ("cast(likes as hugeint) as likes", "type hugeint"),
    ("cast(caption as varchar) as caption", "type varchar"),
    ("cast(published_at as timestamp) as published_at", "type timestamp"),
    ("cast(likes as double precision) as likes", "type double precision"),
    ("cast(likes as decimal) as likes", "type decimal"),
    ("likes::bigint as likes", "`::`"),
    ("[likes, shares] as counts", "[likes, shares]"),
    ("{'likes': likes} as counts", "{'likes': likes}"),
    ("ids[1] as first_id", "ids[1]"),
    ("created_at + interval 1 day as next_day", "INTERVAL '1' DAY"),
    ("likes // 2 as half", "likes // 2"),
    ("likes ** 2 as squared", "POWER(likes, 2)"),
    ("caption ilike '%sale%' as on_sale", "caption ILIKE '%sale%'"),
    ("caption ->> '$.text' as text", "->>"),
    ("* exclude (caption)", "* EXCLUDE (caption)"),
]


@pytest.mark.parametrize(("written", "construct"), DUCKDB_ONLY, ids=[c for _, c in DUCKDB_ONLY])
def test_a_duckdb_only_construct_written_in_a_model_fails(tmp_path, written, construct) -> None:
    findings = findings_in(tmp_path, model(written))

    assert findings, f"{written!r} passed"
    assert any(construct in f.construct for f in findings), [str(f) for f in findings]
    assert {f.file for f in findings} == {"resonance/models/marts/fct_probe.sql"}


@pytest.mark.parametrize(
    ("query", "construct"),
    [
        ("select post_id from source qualify row_number() over (partition by post_id order by as_of) = 1", "QUALIFY"),
        ("select account_id, count(*) from source group by all", "GROUP BY ALL"),
        ("select account_id from source order by all", "ORDER BY ALL"),
        ("select distinct on (post_id) post_id, likes from source", "DISTINCT ON"),
        ("select * from source asof join rates on source.day >= rates.day", "ASOF JOIN"),
        ("select * from source union by name select * from other", "UNION BY NAME"),
        ("from source select post_id", "`from ... select`"),
        ("select * from 'landing/x/*.csv'", "`from 'landing/x/*.csv'`"),
        ("select * from read_parquet('warehouse/parquet/*.parquet')", "read_parquet()"),
    ],
)
def test_duckdb_only_query_syntax_fails(tmp_path, query, construct) -> None:
    findings = findings_in(tmp_path, query)

    assert any(construct in f.construct for f in findings), [str(f) for f in findings]


def test_what_sqlglot_cannot_write_for_an_engine_fails_for_that_engine(tmp_path) -> None:
    findings = findings_in(tmp_path, "select * from source pivot (sum(likes) for platform in ('x', 'tiktok'))")

    untranspilable = [f for f in findings if f.reason == "sqlglot cannot write it for this engine"]
    assert [f.dialect for f in untranspilable] == ["trino"]
    assert "PIVOT" in untranspilable[0].construct


def test_a_finding_names_the_file_the_line_the_dialects_and_the_construct(tmp_path) -> None:
    (finding,) = findings_in(tmp_path, model("epoch_ms(created_ms) as created_at"))

    assert finding.line == 12  # the line of `epoch_ms(` in the compiled file
    assert finding.dialect == BOTH == "spark, trino"
    assert str(finding).startswith("resonance/models/marts/fct_probe.sql:12: spark, trino: epoch_ms(): ")


# ---- portable SQL passes ----


def test_portable_sql_passes(tmp_path) -> None:
    body = """post_id,
        coalesce(likes, 0) + coalesce(shares, 0) as engagements,
        cast(likes as decimal(18, 4)) / nullif(reach, 0) as like_rate,
        cast(published_at as date) as published_date,
        cast(likes as bigint) as likes,
        date_trunc('month', published_at) as published_month,
        extract(year from published_at) as published_year,
        case when reach > 0 then 'reached' else 'unreached' end as reach_state,
        row_number() over (partition by post_id order by as_of desc) as recency,
        lag(likes) over (partition by post_id order by as_of) as previous_likes,
        count(*) filter (where likes > 0) over (partition by account_id) as liked_posts,
        nullif(regexp_extract(source_file, '([0-9]{4}-[0-9]{2}-[0-9]{2})', 1), '') as file_date,
        lower(trim(caption)) || '#' as caption_key,
        round(likes / 3.0, 2) as third,
        exists (select 1 from source as other where other.post_id = source.post_id) as has_twin"""

    assert findings_in(tmp_path, model(body)) == []


# ---- what a dispatched macro emits is the adapter's business; what the model hands it is not ----


def test_duckdb_sql_inside_a_dispatched_span_passes(tmp_path) -> None:
    body = ",\n        ".join(
        [
            marked("resonance.as_utc_timestamp", "timezone('UTC', created_at)", "created_at") + " as created_at",
            marked("resonance.percentile_cont", "quantile_cont(likes, 0.5)", "likes") + " as median_likes",
            marked("dbt.split_part", "string_split(permalink, '/')[ 2 ]", "permalink", "'/'") + " as host",
            marked("dbt.datediff", "(date_diff('day', a::timestamp, b::timestamp ))", "a", "b", "day") + " as days",
            f"cast(likes as {marked('resonance.type_double', 'double')}) as likes_double",
            f"cast(caption as {marked('dbt.type_string', 'TEXT')}) as caption",
        ]
    )

    assert findings_in(tmp_path, model(body)) == []


def test_the_same_duckdb_sql_without_the_span_fails(tmp_path) -> None:
    findings = findings_in(tmp_path, model("timezone('UTC', created_at) as created_at"))

    assert [f.construct for f in findings] == ["timezone()"]


def test_nested_spans_pass_and_keep_the_lines_after_them(tmp_path) -> None:
    inner = marked("resonance.as_utc_timestamp", "timezone('UTC',\n    created_at)", "created_at")
    outer = marked(
        "resonance.to_reporting_timezone",
        f"timezone(\n    account_time_zone,\n    timezone('UTC', {inner}))",
        "portable_dispatched(created_at)",
        "account_time_zone",
    )
    sql = model(f"{outer} as created_local,\n        epoch_ms(created_ms) as created_at")

    (finding,) = findings_in(tmp_path, sql)
    assert finding.construct == "epoch_ms()"
    assert finding.line == 16  # as in the compiled file: the spans' line breaks are kept


def test_sql_a_model_hands_a_dispatched_macro_is_still_checked(tmp_path) -> None:
    span = marked("resonance.as_utc_timestamp", "timezone('UTC', epoch_ms(created_ms))", "epoch_ms(created_ms)")

    findings = findings_in(tmp_path, model(f"{span} as created_at"))

    assert [f.construct for f in findings] == ["epoch_ms()"]


def test_a_dispatched_query_stands_in_as_a_query(tmp_path) -> None:
    span = marked("dbt.generate_series", "select generate_series as generated_number from generate_series(1, 7)")

    assert findings_in(tmp_path, f"with numbers as (\n    {span}\n)\nselect * from numbers") == []


def test_markers_that_do_not_pair_up_are_a_finding_not_a_pass(tmp_path) -> None:
    sql = model(opening("resonance.as_utc_timestamp", ["created_at"]) + "timezone('UTC', created_at) as created_at")

    (finding,) = findings_in(tmp_path, sql)
    assert finding.construct == "dispatch markers"


def test_neutralize_replaces_each_outer_span_by_a_call_on_its_arguments() -> None:
    sql = "select " + marked("dbt.dateadd", "(d + cast(1 as bigint) * interval 1 day)", "1", "d") + " from t"

    assert neutralize(sql) == "select portable_dispatched(1, d) from t"


def test_the_opening_marker_never_holds_a_comment_end() -> None:
    head = opening("dbt.listagg", ["count(*) /* all */"])

    assert head.count("*/") == 1 and head.endswith("*/")
    assert neutralize(head + "string_agg(x, ',')" + END) == "portable_dispatched(count(*) /* all */)"


# ---- the compile side: which dispatches are marked, with which arguments ----


def macro(package: str, name: str, path: str) -> SimpleNamespace:
    return SimpleNamespace(package_name=package, name=name, original_file_path=path)


@pytest.mark.parametrize(
    ("resolved", "expected"),
    [
        (macro("resonance", "duckdb__as_utc_timestamp", "macros/as_utc_timestamp.sql"), True),
        (macro("resonance", "default__day_offsets", "macros/day_offsets.sql"), False),  # checked as written
        (macro("dbt_duckdb", "duckdb__dateadd", "macros/utils/dateadd.sql"), True),
        (macro("dbt", "default__type_string", "macros/utils/data_types.sql"), True),
        (macro("dbt", "default__generate_schema_name", "macros/get_custom_name/get_custom_schema.sql"), False),
        (macro("dbt", "default__test_not_null", "macros/generic_test_sql/not_null.sql"), False),
    ],
)
def test_adapter_branches_of_the_project_and_dbts_cross_database_macros_are_marked(resolved, expected) -> None:
    assert is_marked(resolved, "resonance") is expected


def test_a_marked_macro_lists_the_sql_it_was_given() -> None:
    listagg = MarkedMacro(lambda *args: "string_agg(x, ', ' order by x)", "dbt.listagg")

    emitted = listagg("caption", "', '", "order by caption", 3)

    assert emitted.startswith('/* portable:dispatched dbt.listagg ["caption", "\', \'", "order by caption"] */')
    assert emitted.endswith(END)


def test_a_marked_macro_returns_what_is_not_sql_unchanged() -> None:
    columns = MarkedMacro(lambda relation: ["post_id", "likes"], "dbt.get_columns_in_relation")

    assert columns("relation") == ["post_id", "likes"]


def test_arguments_are_flattened_and_neutralised() -> None:
    inner = marked("dbt.split_part", "string_split(url, '#')[1]", "url", "'#'")

    assert sql_arguments([[inner, "'/'"], None, True, 2]) == ["portable_dispatched(url, '#')", "'/'"]


def test_an_argument_that_would_break_the_placeholder_is_left_out() -> None:
    assert sql_arguments(["a, b", "likes -- trailing comment", "likes"]) == ["likes"]


# ---- the command ----


def test_the_command_exits_1_and_prints_each_finding(tmp_path, capsys) -> None:
    findings_in(tmp_path, model("epoch_ms(created_ms) as created_at"))

    assert main([str(tmp_path / "compiled")]) == 1
    out, err = capsys.readouterr()
    assert "resonance/models/marts/fct_probe.sql:12: spark, trino: epoch_ms()" in out
    assert "1 compiled files, 1 findings" in err


def test_the_command_exits_0_on_portable_sql(tmp_path, capsys) -> None:
    findings_in(tmp_path, model("coalesce(likes, 0) as likes"))

    assert main([str(tmp_path / "compiled")]) == 0


# ---- the real project ----


@pytest.mark.slow
def test_the_project_compiles_to_portable_sql(tmp_path) -> None:
    """`make lint-portable`, in-process: one `dbt compile` (about 10 s) with dispatched spans marked, then the
    check. It also pins that the marks land where the project dispatches: the DuckDB branch of
    percentile_cont is marked (and fails the check once unmarked), day_offsets' default branch is not."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RESONANCE_WRITER_DB", "")  # compile_marked points it at the throwaway warehouse
        compiled = compile_marked(Paths(tmp_path))

    count, findings = check_compiled(compiled)

    assert count > 300
    assert findings == [], "\n".join(str(f) for f in findings)
    conversation = (compiled / "resonance/models/marts/fct_conversation_daily.sql").read_text()
    assert opening("resonance.percentile_cont", ["minutes_to_first_brand_reply"]) + "quantile_cont(" in conversation
    as_plain_compile = MARK.sub("", conversation)  # what `dbt compile` writes
    assert "quantile_cont()" in [f.construct for f in check_sql(as_plain_compile, "fct_conversation_daily.sql")]
    ad_spend = (compiled / "resonance/models/intermediate/ads/int_ad_spend_counted.sql").read_text()
    assert "bit_0.b" in ad_spend and "resonance.day_offsets" not in ad_spend
