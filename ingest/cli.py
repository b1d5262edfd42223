"""`resonance`: the command line of the pipeline.

    resonance demo                 sample exports -> Airflow DAGs -> marts -> summary
    resonance ingest PATH...       load files or folders now, a line per file
    resonance sweep                load what is new and complete in landing, exactly as the ingest DAG does
    resonance build                dbt build, then publish the marts to serving.duckdb and Parquet
    resonance status [--json]      the ledger (every file seen, its type, status, rows and reason), the last
                                   run of each DAG, recent task failures and any silent source
    resonance freshness [--json]   every source with how long it has been silent, against its window
    resonance sql QUERY            read-only SQL on the serving file (CSV output is spreadsheet-safe)
    resonance report [--out PATH]  the published marts as one self-contained HTML page with charts
                                   (default <root>/reports/resonance-report.html)
    resonance docs [--serve]       the dbt docs site of the published marts (catalog read from the serving
                                   file, read-only), one self-contained index.html; --out DIR, --port N
    resonance exports [--markdown] the export types this version reads, and their raw tables
    resonance samples DEST         write the deterministic sample exports into DEST
    resonance airflow [--port N]   run Airflow's own components (airflow standalone) on this root
    resonance announce FILE...     tell a running Airflow that exports arrived (REST asset event)
    resonance pull [PLATFORM]      fetch the configured accounts' numbers from the platforms' APIs into
                                   landing (the pull DAG's code); --account ID, --since/--until DATE

Exit codes scripts can rely on:
    0  success
    1  some input was rejected (quarantined with a reason); everything else loaded
    2  usage or configuration error (bad arguments, missing file, nothing to query)
    3  the dbt build or one of its tests failed: nothing was published (`docs`: dbt could not generate
       the docs)
    4  an Airflow DAG run did not succeed
    5  a source is silent for longer than its freshness window (`resonance freshness`)
    6  another process kept the warehouse's writer lock past `--wait` (ingest, sweep, build): nothing was done
    7  the disk holding the warehouse filled up mid-load: the file being loaded did not commit, the ones
       before it are kept; free space and run again
    8  a pull failed or was throttled for some account (the line says what to do); the other accounts
       were pulled, and that account's cursor did not move
  141  the reader of the output went away (`resonance exports | head`): the rest is dropped quietly

Results go to stdout (a line per file for `ingest`, tables for `sql`); progress, summaries and errors go
to stderr.

Heavy imports (Airflow, dbt, Great Expectations) happen inside the command that needs them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, datetime
from pathlib import Path

from ingest.config import Paths

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_BUILD_FAILED, EXIT_DAG_FAILED, EXIT_SILENT = 0, 1, 2, 3, 4, 5
EXIT_WRITER_BUSY = 6
EXIT_DISK_FULL = 7
EXIT_PULL_INCOMPLETE = 8
WRITER_WAIT_SECONDS = 600.0  # `--wait` by default: a build of the benchmark's ten million rows takes about a minute
EXIT_BROKEN_PIPE = 128 + 13  # as a process killed by SIGPIPE reports itself to the shell


class UsageError(Exception):
    """A mistake in how the command was called: one line on stderr and exit 2, never a traceback."""


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _home(args: argparse.Namespace) -> Paths:
    if args.home:
        import os

        os.environ["RESONANCE_HOME"] = str(Path(args.home).resolve())
    home = Paths.from_env()
    if getattr(args, "brand", None):
        try:
            home = home.for_brand(args.brand)
        except ValueError as error:
            raise UsageError(f"--brand: {error}") from None
    try:
        return home.ensure()
    except OSError as error:
        raise UsageError(f"cannot use {home.root} as the root (--home or $RESONANCE_HOME): {error}") from error


def _as_the_writer(home: Paths, wait: float, work):  # noqa: ANN001, ANN202 - any command's work, its result
    """Run `work` once DuckDB's writer lock is free: another ingest, build or process holding the writer's
    file makes this one wait its turn (bounded by `wait` seconds, said once after a few seconds) instead of
    failing. `work` fails on the lock before it has done anything (its first step opens the file), so it is
    simply tried again."""
    import duckdb

    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            return work()
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                raise WriterBusy(
                    f"{home.writer_db} stayed locked by another process for {wait:.0f} s: {error}"
                ) from None
            if not told:
                _progress(
                    f"waiting for the writer lock on {home.writer_db} (held by another process; --wait {wait:.0f})"
                )
                told = True
            time.sleep(0.5)


class WriterBusy(Exception):
    """The writer's file stayed locked past the command's --wait."""


def _aware_time(text: str) -> datetime:
    """`--as-of`: an ISO time with its zone (an export's as-of without one would be read in local time)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO time, e.g. 2026-11-01T00:00:00+00:00") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs a time zone, e.g. 2026-11-01T00:00:00+00:00")
    return moment


# ---- commands --------------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.load.loader import ingest_paths

    home = _home(args)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        _progress(f"error: no such file or folder: {', '.join(missing)}")
        return EXIT_USAGE
    paths = [Path(p) for p in args.paths]

    def load(report):  # noqa: ANN001, ANN202 - on_result, results
        return ingest_paths(paths, home, account=args.account, as_of=args.as_of, on_result=report)

    code = _load_as_the_writer(home, args.wait, load)
    if code is None:
        _progress("no files found")
        return EXIT_USAGE
    return code


def cmd_sweep(args: argparse.Namespace) -> int:
    from ingest.load.loader import ingest_landing

    home = _home(args)
    code = _load_as_the_writer(home, args.wait, lambda report: ingest_landing(home, on_result=report))
    if code is None:
        _progress(f"nothing new in landing ({home.landing})")
        return EXIT_OK
    return code


def _load_as_the_writer(home: Paths, wait: float, load) -> int | None:  # noqa: ANN001 - (on_result) -> results
    """Run one load (`ingest` or `sweep`) as the writer, a line per file on stdout and the counts on stderr:
    its exit code, or None when there was nothing to load."""
    from ingest.load.loader import DiskFull

    _progress("validating with Great Expectations (first use in a process takes ~15 s to import)...")
    try:
        results = _as_the_writer(home, wait, lambda: load(lambda i, n, r: print(f"[{i}/{n}] {r.line()}", flush=True)))
    except DiskFull as error:
        _progress(f"error: {error}")
        return EXIT_DISK_FULL
    if not results:
        return None
    counts = {s: sum(r.status == s for r in results) for s in ("loaded", "duplicate", "rejected")}
    _progress(", ".join(f"{n} {s}" for s, n in counts.items()))
    return EXIT_REJECTED if counts["rejected"] else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from ingest.serve.publish import publish
    from ingest.transform.dbt import dbt_build

    home = _home(args)
    started = time.perf_counter()
    _progress("dbt build (models and tests)...")
    result = _as_the_writer(home, args.wait, lambda: dbt_build(home, quiet=not args.verbose))
    if not result.success:
        _progress("dbt build failed; nothing was published:")
        for line in result.failed:
            _progress(f"  {line}")
        return EXIT_BUILD_FAILED
    what = f"{result.nodes} nodes ({result.reason})"
    _progress(f"dbt build passed: {what} in {time.perf_counter() - started:.1f} s; publishing...")
    publication = publish(home)
    for table, rows in publication.tables.items():
        print(f"published marts.{table}: {rows:,} rows")
    print(f"serving file: {publication.serving_db}")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    import duckdb

    from ingest.monitor.status import format_status, gather

    home = _home(args)
    try:
        status = gather(home, limit=args.limit)
    except duckdb.IOException as error:
        _progress(f"error: the warehouse is busy (a load or a build holds DuckDB's lock), try again: {error}")
        return EXIT_USAGE
    print(json.dumps(status.as_dict(), indent=2, default=str) if args.json else format_status(status, home))
    return EXIT_OK


def cmd_freshness(args: argparse.Namespace) -> int:
    import duckdb

    from ingest.monitor.freshness import FreshnessConfigError, source_freshness

    home = _home(args)
    try:
        sources = source_freshness(home)
    except FreshnessConfigError as error:
        _progress(f"error: {error}")
        return EXIT_USAGE
    except duckdb.IOException as error:
        _progress(f"error: the warehouse is busy (a load or a build holds DuckDB's lock), try again: {error}")
        return EXIT_USAGE
    if args.json:
        print(json.dumps([source.as_dict() for source in sources], indent=2))
    elif not sources:
        print(f"no sources loaded yet under {home.root}")
    else:
        for source in sources:
            print(("SILENT  " if source.silent else "fresh   ") + source.line())
    return EXIT_SILENT if any(source.silent for source in sources) else EXIT_OK


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from ingest.serve.report import open_serving

    home = _home(args)
    try:
        con = open_serving(home)
    except FileNotFoundError as error:
        _progress(f"error: {error}")
        return EXIT_USAGE
    try:
        relation = con.sql(args.query)
        if relation is None:
            return EXIT_OK
        if args.format == "table":
            relation.show(max_rows=args.max_rows, max_width=10_000)
        elif args.format == "csv":
            import csv

            from ingest.serve.output import safe_rows

            writer = csv.writer(sys.stdout)
            writer.writerow(next(iter(safe_rows([relation.columns]))))
            writer.writerows(safe_rows(relation.fetchall()))  # text like `=HYPERLINK(...)` is never a formula
        else:
            print(json.dumps([dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()], default=str))
    except duckdb.Error as error:
        _progress(f"error: {error}")
        return EXIT_USAGE
    finally:
        con.close()
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Write the HTML report from the serving file; its path on stdout."""
    import duckdb

    from ingest.serve.html_report import ReportNotWritten, write_report

    home = _home(args)
    try:
        path = write_report(home, Path(args.out).expanduser() if args.out else None)
    except (FileNotFoundError, ReportNotWritten) as error:
        raise UsageError(str(error)) from None
    except duckdb.Error as error:
        raise UsageError(f"cannot read {home.serving_db}: {error}") from None
    print(path)
    return EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    from ingest.serve.docs import DocsFailed, NothingPublished, build_docs, docs_server

    home = _home(args)
    out = Path(args.out).resolve() if args.out else home.docs_site
    _progress(f"dbt docs generate, the catalog read from {home.serving_db} (read-only)...")
    try:
        site = build_docs(home, out)
    except NothingPublished as error:
        raise UsageError(str(error)) from None
    except DocsFailed as error:
        _progress(f"error: {error}")
        return EXIT_BUILD_FAILED
    _progress(f"the catalog describes {len(site.marts)} marts, published {site.published_at:%Y-%m-%d %H:%M:%S %Z}")
    print(f"docs site: {site.index}")
    if not args.serve:
        _progress("one self-contained file: open it in a browser, or serve it with `resonance docs --serve`")
        return EXIT_OK
    try:
        server = docs_server(out, args.port)
    except OSError as error:
        raise UsageError(f"cannot serve on 127.0.0.1:{args.port} ({error}); try another --port") from None
    _interrupt_on_sigterm()
    _progress(f"serving {out} at http://127.0.0.1:{server.server_address[1]}/  (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def cmd_exports(args: argparse.Namespace) -> int:
    from ingest.exports import EXPORT_TYPES
    from ingest.serve.output import supported_exports_markdown

    if args.markdown:
        print(supported_exports_markdown())
        return EXIT_OK
    for export in sorted(EXPORT_TYPES, key=lambda e: (e.platform, e.name)):
        tables = ", ".join(f"raw.{part.raw_table}" for part in export.parts())
        print(f"{export.name:<32} {tables:<48} {export.title}")
    return EXIT_OK


def cmd_samples(args: argparse.Namespace) -> int:
    from ingest.samples import generate_samples

    written = generate_samples(Path(args.dest), seed=args.seed)
    for path in written:
        print(path)
    return EXIT_OK


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date, e.g. 2026-11-01") from None


def cmd_pull(args: argparse.Namespace) -> int:
    """Pull each configured account of PLATFORM (every platform when omitted) into landing, as the pull
    DAG's tasks do; a line per account on stdout, progress on stderr. Loading is the ingest's job: run
    `resonance sweep` (or let the ingest DAG see the files)."""
    from ingest.pull.accounts import ConfigError
    from ingest.pull.run import pull

    home = _home(args)
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    try:
        reports = pull([args.platform] if args.platform else None, account_id=args.account, since=args.since,
                       until=args.until, paths=home, progress=_progress)  # fmt: skip
    except ConfigError as error:
        raise UsageError(str(error)) from None
    if not reports:
        scope = (args.platform or "any platform") + (f" named {args.account!r}" if args.account else "")
        raise UsageError(f"no account to pull for {scope}: list accounts in the connection's extra "
                         "(README: Pulling from the platforms)")  # fmt: skip
    for report in reports:
        line = f"{report.outcome:<9} {report.platform:<10} {report.account:<22} {report.files:>4} files"
        line += f" {report.rows:>8,} rows"
        print(line + (f"  {report.message}" if report.message else ""))
    _progress("pulled into landing; `resonance sweep` (or the ingest DAG) loads the files")
    return EXIT_OK if all(r.outcome == "ok" for r in reports) else EXIT_PULL_INCOMPLETE


def cmd_demo(args: argparse.Namespace) -> int:
    from ingest.monitor.status import ledger
    from ingest.orchestration.airflow import INGEST_DAG, TRANSFORM_DAG, configure_airflow, run_dag
    from ingest.samples import generate_samples
    from ingest.serve.html_report import write_report
    from ingest.serve.report import format_summary, platform_summary

    home = _home(args)
    clock = time.perf_counter()
    written = generate_samples(home.landing, seed=args.seed)
    _progress(f"1/5 wrote {len(written)} sample exports into {home.landing}")
    _demo_pull(home)
    _progress("3/5 preparing Airflow (metadata DB under the root; the first run migrates it)...")
    configure_airflow(home, quiet=not args.verbose)
    log_file = None if args.verbose else home.airflow_home / "logs" / "demo.log"
    for step, dag_id in (("4/5", INGEST_DAG), ("5/5", TRANSFORM_DAG)):
        _progress(f"{step} running DAG {dag_id} with Airflow's runner (dag.test)...")
        state = run_dag(dag_id, log_file)
        if state != "success":
            _progress(f"DAG {dag_id} ended in state {state}; its log: {log_file or 'above'}")
            return EXIT_DAG_FAILED
    if log_file:
        _progress(f"    Airflow, dbt and task logs: {log_file}")
    print()
    print("Files (from the ledger, meta.loads)")
    for row in sorted(ledger(home), key=lambda r: r["source_path"]):
        kind, rows = row["export_type"] or "?", row["rows_parsed"] or 0
        print(f"  {row['status']:<9} {kind:<26} {rows:>6,} rows  {row['file_name']}")
    print()
    print(format_summary(platform_summary(home)))
    print(f"Report: {write_report(home)}  (one HTML file, open it in a browser)")
    print(f'\nDone in {time.perf_counter() - clock:.0f} s. Try: resonance sql "select * from marts.fct_ad_performance"')
    return EXIT_OK


def _demo_pull(home: Paths) -> None:
    """The demo's API pull: local stand-ins of TikTok's and LinkedIn's APIs on 127.0.0.1 (not the platforms)
    serve the sample accounts' first December days; the pull lands them beside the sample files."""
    from ingest.pull.run import pull
    from ingest.samples.apis.demo import demo_apis

    with demo_apis() as apis:
        _progress(f"2/5 pulling {apis.since} to {apis.until} through the TikTok and LinkedIn APIs, from local "
                  f"stand-ins on 127.0.0.1 (they speak the APIs' protocols; they are not the platforms)")  # fmt: skip
        reports = pull(apis.platforms, since=apis.since, until=apis.until, today=apis.today, paths=home,
                       progress=lambda line: None)  # fmt: skip
    for report in reports:
        _progress(f"    {report.platform} {report.account}: {report.outcome}, {report.files} files, "
                  f"{report.rows} rows, {report.requests} requests -> landing/{report.landing}/api/")  # fmt: skip


def cmd_airflow(args: argparse.Namespace) -> int:
    from ingest.orchestration.standalone import Standalone

    standalone = Standalone(_home(args), port=args.port, user=args.user)
    _interrupt_on_sigterm()
    _progress(f"starting airflow standalone on {standalone.base_url} (log: {standalone.log_file})...")
    try:
        standalone.start()
        _progress(
            f"ready: {standalone.base_url}  user {standalone.user}, password in {standalone.passwords_file}\n"
            f"drop exports into {standalone.home.landing}/<account>/  (Ctrl-C or SIGTERM stops every component)"
        )
        standalone.process.wait()
    except KeyboardInterrupt:
        _progress("stopping every Airflow component...")
    finally:
        standalone.stop()
    _progress("stopped: no Airflow process of this root is left")
    return EXIT_OK


def _interrupt_on_sigterm() -> None:
    """SIGTERM (what systemd, a container runtime or a supervisor sends) ends a command as Ctrl-C does, so its
    `finally` stops the processes it started: Python's default would exit at once and leave them running,
    in sessions of their own, holding the port and the warehouse."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def cmd_announce(args: argparse.Namespace) -> int:
    from ingest.landing.announce import AirflowApi

    password = args.password
    if args.password_file:  # a plain file, or Airflow's simple-auth passwords JSON ({"user": "password"})
        text = Path(args.password_file).read_text().strip()
        password = json.loads(text).get(args.user) if text.startswith("{") else text
    if not password:
        _progress("give --password-file (or --password) for the Airflow user")
        return EXIT_USAGE
    api = AirflowApi.login(args.api, args.user, password)
    event = api.announce({"files": [str(Path(f)) for f in args.files], "producer": args.producer})
    print(json.dumps({"event_id": event["id"], "asset": event["uri"], "extra": event["extra"]}))
    return EXIT_OK


# ---- parser ----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resonance",
        description="Social-media exports -> DuckDB -> dbt marts. Everything is written under $RESONANCE_HOME.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("Exit codes", 1)[1].join(("Exit codes", "")),
    )
    parser.add_argument("--home", help="root folder for this run (default: $RESONANCE_HOME or ./.resonance)")
    parser.add_argument(
        "--brand", help="the brand to work on: its root is <home>/brands/<brand> (default: the home itself)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="sample exports through the Airflow DAGs to published marts")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--verbose", action="store_true", help="show Airflow's and dbt's logs")
    demo.set_defaults(func=cmd_demo)

    ingest = commands.add_parser("ingest", help="load files or folders now (synchronous)")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--account", help="account/channel/ad account for exports that do not name it")
    ingest.add_argument("--as-of", type=_aware_time, help="when the platform computed the numbers (ISO time with zone)")
    ingest.add_argument("--wait", type=float, default=WRITER_WAIT_SECONDS, metavar="SECONDS",
                        help="how long to wait for another writer of the warehouse (default 600)")  # fmt: skip
    ingest.set_defaults(func=cmd_ingest)

    sweep = commands.add_parser("sweep", help="load what is new and complete in landing, as the ingest DAG does")
    sweep.add_argument("--wait", type=float, default=WRITER_WAIT_SECONDS, metavar="SECONDS",
                       help="how long to wait for another writer of the warehouse (default 600)")  # fmt: skip
    sweep.set_defaults(func=cmd_sweep)

    build = commands.add_parser("build", help="dbt build, then publish the marts")
    build.add_argument("--verbose", action="store_true", help="show dbt's log")
    build.add_argument("--wait", type=float, default=WRITER_WAIT_SECONDS, metavar="SECONDS",
                       help="how long to wait for another writer of the warehouse (default 600)")  # fmt: skip
    build.set_defaults(func=cmd_build)

    status = commands.add_parser("status", help="the ledger, the last DAG runs, task failures, silent sources")
    status.add_argument("--json", action="store_true")
    status.add_argument("--limit", type=int, default=None)
    status.set_defaults(func=cmd_status)

    freshness = commands.add_parser("freshness", help="how long each source has been silent, against its window")
    freshness.add_argument("--json", action="store_true")
    freshness.set_defaults(func=cmd_freshness)

    sql = commands.add_parser("sql", help="run read-only SQL on serving.duckdb")
    sql.add_argument("query")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.add_argument("--max-rows", type=int, default=100)
    sql.set_defaults(func=cmd_sql)

    report = commands.add_parser("report", help="write the published marts as one self-contained HTML page")
    report.add_argument("--out", metavar="PATH",
                        help="file (or folder) to write (default: <root>/reports/resonance-report.html)")  # fmt: skip
    report.set_defaults(func=cmd_report)
    docs = commands.add_parser("docs", help="the dbt docs site of the published marts (read from serving.duckdb)")
    docs.add_argument("--out", metavar="DIR", help="where to write the site (default: $RESONANCE_HOME/docs)")
    docs.add_argument("--serve", action="store_true", help="then serve it on 127.0.0.1 until Ctrl-C")
    docs.add_argument("--port", type=int, default=8000, help="port for --serve (default 8000)")
    docs.set_defaults(func=cmd_docs)

    exports = commands.add_parser("exports", help="the export types this version reads, and their raw tables")
    exports.add_argument("--markdown", action="store_true", help="the README's table (where each file comes from)")
    exports.set_defaults(func=cmd_exports)

    samples = commands.add_parser("samples", help="write the deterministic sample exports")
    samples.add_argument("dest")
    samples.add_argument("--seed", type=int, default=7)
    samples.set_defaults(func=cmd_samples)

    airflow = commands.add_parser("airflow", help="run airflow standalone (all components) on this root")
    airflow.add_argument("--port", type=int, default=8080)
    airflow.add_argument("--user", default="admin", help="REST API user (password kept under the root)")
    airflow.set_defaults(func=cmd_airflow)

    announce = commands.add_parser("announce", help="post a landing asset event through Airflow's REST API")
    announce.add_argument("files", nargs="*", metavar="FILE", help="what arrived (recorded in the event)")
    announce.add_argument("--api", default="http://localhost:8080", help="the API server's base URL")
    announce.add_argument("--user", default="admin")
    announce.add_argument("--password-file", help="file holding the user's password")
    announce.add_argument("--password", help="the password itself (prefer --password-file)")
    announce.add_argument("--producer", default="resonance announce", help="who announces (kept in extra)")
    announce.set_defaults(func=cmd_announce)

    from ingest.pull.accounts import PLATFORM_CONNECTIONS

    pull = commands.add_parser("pull", help="fetch the configured accounts' numbers from the platforms' APIs")
    pull.add_argument("platform", nargs="?", choices=sorted(PLATFORM_CONNECTIONS), help="one platform (default: all)")
    pull.add_argument("--account", help="only this account (its platform id or its landing folder)")
    pull.add_argument(
        "--since", type=_date, help="first day to ask for (default: the cursor minus the restatement window)"
    )
    pull.add_argument("--until", type=_date, help="last day to ask for (default: the latest day the platform serves)")
    pull.set_defaults(func=cmd_pull)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; argparse exits 2 itself on a bad argument."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as error:
        _progress(f"error: {error}")
        return EXIT_USAGE
    except WriterBusy as error:
        _progress(f"error: {error}; nothing was done. Try again later, or with a longer --wait")
        return EXIT_WRITER_BUSY
    except BrokenPipeError:
        # Python would print a traceback, then another one flushing stdout at exit: point stdout at
        # /dev/null so the exit is quiet, as for any Unix tool whose reader closed the pipe.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
