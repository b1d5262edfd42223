"""The pull DAG's work (`ingest.orchestration.pull`) against the platforms' local stand-ins: what each outcome of
an account's pull does to its task, the trigger that waits for Meta's report runs on the triggerer, and the
whole DAG under Airflow's own runner (`dag.test()`), which runs triggers inline: deferral, resumption, a
failing account beside good ones, and no token in any log."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from ingest.config import PROJECT_DIR, Paths
from ingest.orchestration.pull import JOB_POLL_ENV, PullAccountOperator, ReportJobTrigger
from ingest.pull.platforms import meta as meta_pull
from ingest.pull.platforms import tiktok as tiktok_pull
from ingest.pull.state import PullState
from ingest.samples.apis import Served, serve
from ingest.samples.apis.meta import MetaStandIn, failed_job, throttled
from ingest.samples.apis.tiktok import TikTokStandIn
from ingest.samples.meta_ads import META_ACCOUNTS
from ingest.samples.tiktok import TIKTOK_ADVERTISER_ID


def yesterday() -> date:
    """Read when a test runs, as the pull reads it (a constant taken at import goes stale across midnight)."""
    return datetime.now(UTC).date() - timedelta(days=1)


META_TOKEN, TIKTOK_TOKEN = "meta-demo-token", "tiktok-demo-token"
AD_ACCOUNT = META_ACCOUNTS[0][1]
UNSEEN_ADVERTISER = "7000000000000000001"  # listed in the connection, not visible to the token (TikTok 40002)
# A report run that needs five polls before it is complete (the stand-in's default needs three).
SLOW_JOB = (("Job Not Started", 0), ("Job Running", 20), ("Job Running", 50), ("Job Running", 80),
            ("Job Completed", 100))  # fmt: skip


def connection(token: str, accounts: dict[str, list[dict[str, str]]]) -> str:
    """An `AIRFLOW_CONN_*` value in Airflow's JSON form."""
    return json.dumps({"conn_type": "generic", "password": token, "extra": {"accounts": accounts}})


META_CONNECTION = connection(META_TOKEN, {"meta_ads": [{"id": AD_ACCOUNT, "landing": "northwind-ads-us"}]})
TIKTOK_CONNECTION = connection(
    TIKTOK_TOKEN,
    {"tiktok_ads": [{"id": TIKTOK_ADVERTISER_ID, "landing": "northwind-tiktok-ads"}, {"id": UNSEEN_ADVERTISER}]},
)


def pulled_before(home: Paths, platform: str, account: str, endpoints: tuple[str, ...]) -> None:
    """The account was pulled through yesterday: this run re-reads only what the platform restates (Meta ads:
    28 days, one report run; TikTok: 7 days), as every hourly run after the first does."""
    state = PullState.load(home.root, platform, account)
    for endpoint in endpoints:
        state.advance(endpoint, yesterday(), files=0, rows=0)


def served_standin(standin, url_env: str, monkeypatch):
    """The stand-in served on 127.0.0.1, the puller's base URL pointed at it; the context, to close it."""
    context = serve(standin)
    api: Served = context.__enter__()
    monkeypatch.setenv(url_env, api.url)
    return context


@pytest.fixture
def home(tmp_path, monkeypatch) -> Paths:
    home = Paths(tmp_path / "home").ensure()
    monkeypatch.setenv("RESONANCE_HOME", str(home.root))
    monkeypatch.setenv("AIRFLOW_CONN_RESONANCE_META", META_CONNECTION)
    monkeypatch.setenv("AIRFLOW_CONN_RESONANCE_TIKTOK", TIKTOK_CONNECTION)
    return home


@pytest.fixture
def meta(monkeypatch) -> Iterator[MetaStandIn]:
    standin = MetaStandIn(today=datetime.now(UTC).date(), job_steps=SLOW_JOB)
    context = served_standin(standin, meta_pull.URL_ENV, monkeypatch)
    yield standin
    context.__exit__(None, None, None)


@pytest.fixture
def tiktok(monkeypatch) -> Iterator[TikTokStandIn]:
    standin = TikTokStandIn(first_day=datetime.now(UTC).date() - timedelta(days=60))
    context = served_standin(standin, tiktok_pull.URL_ENV, monkeypatch)
    yield standin
    context.__exit__(None, None, None)


def operator(platform: str, account: str) -> PullAccountOperator:
    return PullAccountOperator(task_id=f"pull_{platform}", target={"platform": platform, "account": account})


def report_polls(standin: MetaStandIn) -> list:
    return [r for r in standin.requests if r.path.rsplit("/", 1)[-1] in standin.jobs]


def first_event(trigger: ReportJobTrigger, *, alongside=None) -> dict:
    async def main():
        watcher = asyncio.create_task(alongside()) if alongside else None
        event = await anext(trigger.run())
        if watcher:
            watcher.cancel()
        return event.payload

    return asyncio.run(main())


# ---- one account's task --------------------------------------------------------------------------------


def test_an_account_whose_pull_failed_fails_its_task_with_the_pull_message_and_no_token(home, tiktok):
    from airflow.sdk.exceptions import AirflowException, AirflowFailException

    with pytest.raises(AirflowException) as failed:
        operator("tiktok_ads", UNSEEN_ADVERTISER).execute({})
    # only a person can grant the token this advertiser: the task fails without spending its retries
    assert isinstance(failed.value, AirflowFailException)
    message = str(failed.value)
    assert f"pull tiktok_ads {UNSEEN_ADVERTISER} failed" in message and "40002" in message
    assert "grant it in TikTok for Business" in message and TIKTOK_TOKEN not in message


def test_a_throttled_account_succeeds_with_a_warning_and_keeps_its_cursor(home, meta, capsys):
    pulled_before(home, "meta_ads", AD_ACCOUNT, ("campaign_insights",))
    meta.script("ads_insights", throttled(80004, minutes=45), times=10)  # access back in 45 minutes
    summary = operator("meta_ads", AD_ACCOUNT).execute({})
    assert summary["outcome"] == "throttled" and "80004" in summary["message"]
    assert PullState.load(home.root, "meta_ads", AD_ACCOUNT).cursor("campaign_insights") == yesterday()
    warnings = [line for line in capsys.readouterr().out.splitlines() if "[warning" in line and "throttled" in line]
    assert warnings and "the next scheduled run goes on from there" in warnings[0]


def test_a_started_report_run_defers_the_task_to_the_trigger_with_ids_only(home, meta, monkeypatch):
    from airflow.sdk.exceptions import TaskDeferred

    pulled_before(home, "meta_ads", AD_ACCOUNT, ("campaign_insights",))
    monkeypatch.setenv(JOB_POLL_ENV, "0.5")
    with pytest.raises(TaskDeferred) as deferred:
        operator("meta_ads", AD_ACCOUNT).execute({})
    trigger = deferred.value.trigger
    (job,) = meta.jobs
    classpath, kwargs = trigger.serialize()
    assert classpath == "ingest.orchestration.pull.ReportJobTrigger"
    assert kwargs["job"] == job and kwargs["poll_seconds"] == 0.5
    assert (kwargs["platform"], kwargs["account"]) == ("meta_ads", AD_ACCOUNT)
    assert META_TOKEN not in json.dumps(kwargs)  # the trigger resolves the connection itself
    assert deferred.value.method_name == "resume" and deferred.value.timeout == timedelta(hours=1)
    assert report_polls(meta) == []  # started, not polled in the worker


# ---- the trigger ------------------------------------------------------------------------------------------


def test_the_trigger_polls_the_job_off_the_event_loop_until_it_is_done_then_the_task_reads_it(home, meta):
    """Five polls until "Job Completed"; while a slow answer is awaited, the event loop keeps running; the
    resumed task reads the job it started (no second report run) and lands its rows."""
    from airflow.sdk.exceptions import TaskDeferred

    pulled_before(home, "meta_ads", AD_ACCOUNT, ("campaign_insights",))
    with pytest.raises(TaskDeferred) as deferred:
        operator("meta_ads", AD_ACCOUNT).execute({})
    (job,) = meta.jobs

    def slow_poll(request):
        time.sleep(0.3)  # a slow platform: the poll blocks its thread, never the triggerer's loop
        meta.jobs[job].polls += 1
        status, percent = meta.job_state(job)
        from starlette.responses import JSONResponse

        return JSONResponse({"id": job, "async_status": status, "async_percent_completion": percent})

    meta.script("report_run", slow_poll)
    ticks = []

    async def ticking():
        while True:
            ticks.append(time.monotonic())
            await asyncio.sleep(0.02)

    _, kwargs = deferred.value.trigger.serialize()
    trigger = ReportJobTrigger(**{**kwargs, "poll_seconds": 0.01})
    event = first_event(trigger, alongside=ticking)
    assert event["status"] == "done" and event["job"] == job and event["polls"] == len(SLOW_JOB)
    assert len(ticks) >= 10  # the loop ticked through the 0.3 s poll

    summary = operator("meta_ads", AD_ACCOUNT).resume({}, event=event)
    assert summary["outcome"] == "ok" and summary["deferrals"] == 1 and summary["files"] >= 1
    assert len([r for r in meta.requests if r.method == "POST"]) == 1  # the job was read, not started again
    state = PullState.load(home.root, "meta_ads", AD_ACCOUNT)
    assert state.data["pending_jobs"]["campaign_insights"] == {} and state.cursor("campaign_insights") == yesterday()


def test_a_failed_job_fires_the_trigger_too_and_the_resumed_pull_splits_its_window(home, meta):
    from airflow.sdk.exceptions import TaskDeferred

    pulled_before(home, "meta_ads", AD_ACCOUNT, ("campaign_insights",))
    with pytest.raises(TaskDeferred) as deferred:
        operator("meta_ads", AD_ACCOUNT).execute({})
    meta.script("report_run", failed_job, times=2)  # the trigger's poll, then the resumed pull's
    _, kwargs = deferred.value.trigger.serialize()
    event = first_event(ReportJobTrigger(**{**kwargs, "poll_seconds": 0.01}))
    assert event["status"] == "failed" and event["polls"] == 1
    with pytest.raises(TaskDeferred):  # 28 days split into two halves of 14: each a new report run
        operator("meta_ads", AD_ACCOUNT).resume({}, event=event)
    assert len([r for r in meta.requests if r.method == "POST"]) == 2
    # the failed job's 28-day window is forgotten; only the first half's new job waits
    from datetime import date

    from ingest.pull.state import PullState

    (waiting,) = PullState.load(home.root, "meta_ads", AD_ACCOUNT).data["pending_jobs"]["campaign_insights"]
    since, until = (date.fromisoformat(day) for day in waiting.split("_"))
    assert (until - since).days + 1 == 14


def test_a_poll_the_platform_refuses_fires_an_error_that_names_it_without_the_token(home, meta):
    meta.expired.add(META_TOKEN)
    trigger = ReportJobTrigger(platform="meta_ads", account=AD_ACCOUNT, job="6120000000000001", poll_seconds=0.01)
    event = first_event(trigger)
    assert event["status"] == "error" and "token has expired" in event["message"]
    assert META_TOKEN not in json.dumps(event)


# ---- the DAG under dag.test() ------------------------------------------------------------------------------

RUN_PULL_DAG = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    from ingest.config import Paths
    from ingest.orchestration.airflow import PULL_DAG, configure_airflow, load_dags

    home = Paths(Path(sys.argv[1]))
    configure_airflow(home)
    dag = load_dags().dags[PULL_DAG]
    dag.task_dict["pull_tiktok"].retries = 0  # the failing account fails at once (a retry waits two minutes)
    run = dag.test()

    from airflow.models.pool import Pool
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        tis = session.query(TaskInstance).filter_by(dag_id=PULL_DAG, run_id=run.run_id).all()
        states = sorted([t.task_id, t.map_index, t.rendered_map_index, str(t.state)] for t in tis)
        pools = {p.pool: p.slots for p in session.query(Pool)}
    print("RESULT", json.dumps({"state": str(run.state), "tis": states, "pools": pools}), flush=True)
    """
)


@pytest.mark.slow
def test_the_pull_dag_maps_accounts_defers_on_a_report_run_and_fails_only_the_failing_account(
    manifest_home, monkeypatch
):
    home = manifest_home.ensure()
    meta = MetaStandIn(today=datetime.now(UTC).date(), job_steps=SLOW_JOB)
    tiktok = TikTokStandIn(first_day=datetime.now(UTC).date() - timedelta(days=60))
    pulled_before(home, "meta_ads", AD_ACCOUNT, ("campaign_insights",))
    pulled_before(home, "tiktok_ads", TIKTOK_ADVERTISER_ID, ("report_ad", "report_campaign"))
    with serve(meta) as meta_api, serve(tiktok) as tiktok_api:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW_CONN_")},
            "AIRFLOW_CONN_RESONANCE_META": META_CONNECTION,
            "AIRFLOW_CONN_RESONANCE_TIKTOK": TIKTOK_CONNECTION,
            meta_pull.URL_ENV: meta_api.url,
            tiktok_pull.URL_ENV: tiktok_api.url,
            JOB_POLL_ENV: "0.2",
        }
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-c", RUN_PULL_DAG, str(home.root)],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        took = time.monotonic() - started
    output = run.stdout + run.stderr
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, output[-5000:]
    result = json.loads(lines[0].split(" ", 1)[1])

    # One failing account fails its own task instance and the run; everything else went on.
    states = {(task, index): (label, state) for task, index, label, state in result["tis"]}
    assert result["state"] == "failed"
    assert states[("pull_meta", 0)] == (f"meta_ads {AD_ACCOUNT}", "success")
    assert states[("pull_tiktok", 0)] == (f"tiktok_ads {TIKTOK_ADVERTISER_ID}", "success")
    assert states[("pull_tiktok", 1)] == (f"tiktok_ads {UNSEEN_ADVERTISER}", "failed")
    for family in ("linkedin", "x", "youtube"):  # no connection: not pulled
        assert states[(f"find_{family}_accounts", -1)][1] == "skipped"
        assert states[(f"pull_{family}", -1)][1] == "skipped"
    assert {f"resonance_pull_{f}" for f in ("meta", "youtube", "linkedin", "tiktok", "x")} <= result["pools"].keys()

    # Meta's report run: started once, polled by the trigger until complete, read by the resumed task.
    assert "[DAG TEST] running trigger in line" in output
    assert len([r for r in meta.requests if r.method == "POST"]) == 1
    assert len(report_polls(meta)) == len(SLOW_JOB) + 1  # the trigger's five, then the resumed task's one
    state = PullState.load(home.root, "meta_ads", AD_ACCOUNT)
    assert state.data["pending_jobs"]["campaign_insights"] == {} and state.data["last_pull"]["outcome"] == "ok"
    landed = list((home.landing / "northwind-ads-us" / "api" / "meta_ads").rglob("*.json"))
    served_rows = len(meta.ad_items(AD_ACCOUNT, yesterday() - timedelta(days=27), yesterday(), ["spend"]))
    assert sum(len(json.loads(p.read_text())["data"]) for p in landed) == served_rows > 0
    assert list((home.landing / "northwind-tiktok-ads" / "api" / "tiktok_ads").rglob("*.json"))

    # The failure is in the ledger, with the pull's message; no token anywhere in what was logged.
    with duckdb.connect(str(home.writer_db), read_only=True) as con:
        failures = con.execute(
            "select task_id, map_index, will_retry, exception from meta.task_failures where dag_id = 'resonance_pull'"
        ).fetchall()
    assert [(t, i, w) for t, i, w, _ in failures] == [("pull_tiktok", 1, False)]
    assert "40002" in failures[0][3] and UNSEEN_ADVERTISER in failures[0][3]
    logs = output + "".join(
        p.read_text(errors="replace") for p in (home.airflow_home / "logs").rglob("*") if p.is_file()
    )
    assert META_TOKEN not in logs and TIKTOK_TOKEN not in logs
    assert took < 300, f"the pull DAG took {took:.0f} s"
