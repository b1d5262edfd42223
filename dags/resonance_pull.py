"""
### Resonance: pull from the platforms' APIs

Pulls every configured (platform, account) into `landing/<account>/api/<platform>/...`, the same landing a
person drops exports into; the ingest DAG loads the files like any other export.

**Accounts:** one platform family per Airflow connection: `resonance_meta` (Instagram, Facebook Pages,
Meta ads), `resonance_youtube`, `resonance_linkedin`, `resonance_tiktok`, `resonance_x`; each lists its
accounts in its extra. Per family, `find_<family>_accounts` reads them and `pull_<family>` is mapped over
them, one task instance per account, labelled `<platform> <account id>`: an account that fails fails its
own instance, and the other accounts and families go on. A family without a connection is skipped (both
tasks). Only ids travel between tasks; each pull reads its credentials from the connection itself.

**Pools:** one per family, `resonance_pull_<family>`, sized to the family's quota (meta 2, youtube 2,
linkedin 1, tiktok 2, x 1; `ingest.orchestration.pools.PULL_POOLS` says why). Pulls never take the
DuckDB writer pool: their state is a JSON file per account, outside the warehouse.

**Outcomes:** `failed` fails the task with the pull's message (redacted), recorded in `meta.task_failures`:
an error past the client's own retries is retried 3 times with exponential backoff (2, 4, 8 minutes); a token,
permission or API version only a person can fix fails at once, without retries. `throttled` (a quota that
will not come back within the client's five-minute wait) succeeds with a warning: the cursor stays after the
last complete window and the next run goes on from there, rather than retries that would meet the same quota.
**Async report jobs** (Meta's report runs) defer: the triggerer polls the job (`ReportJobTrigger`), the task
resumes when it is done and reads it, holding no worker or pool slot meanwhile.

**Schedule:** hourly, at minute 7 (off the top of the hour, where the freshness check and the ingest
sweep run). Each run re-reads only what the platforms still restate (Meta ads 28 days, TikTok 7, ...), so
an hour is cheap; it brings a finished day in within the hour the platform publishes it (time zones and
processing delays differ by platform and account), and a throttled or failed account catches up on the
next run. The scheduler starts the first run, for the latest hourly tick, as soon as it sees the DAG. A
first pull of an account backfills to the platform's history horizon. Identical bytes pulled
again are a `duplicate` in the ledger and change nothing.

**Triggers:** hourly, or by hand. **Emits:** the landing asset (one event per account pulled, with the
files in its `extra`), which runs the ingest DAG.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import CronTriggerTimetable, dag, task

from ingest.orchestration.assets import DEFAULT_ARGS, LANDING
from ingest.orchestration.pools import FAMILIES, pull_pool
from ingest.orchestration.pull import PULL_RETRIES, PullAccountOperator


@dag(
    dag_id="resonance_pull",
    schedule=CronTriggerTimetable("7 * * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
    tags=["resonance", "pull"],
)
def resonance_pull():
    @task
    def find_accounts(family: str) -> list[dict[str, str]]:
        """The family's accounts (ids only); skipped, with its pull, when the family has no connection."""
        from airflow.sdk.exceptions import AirflowSkipException

        from ingest.orchestration.pull import family_accounts

        found = family_accounts(family)
        if found is None:
            raise AirflowSkipException(f"no connection for {family}: not pulled")
        print(f"{family}: " + (", ".join(f"{a['platform']} {a['account']}" for a in found) or "no accounts listed"))
        return found

    for name in FAMILIES:
        PullAccountOperator.partial(
            task_id=f"pull_{name}",
            pool=pull_pool(name),
            outlets=[LANDING],
            map_index_template="{{ task.target['platform'] }} {{ task.target['account'] }}",
            **PULL_RETRIES,
        ).expand(target=find_accounts.override(task_id=f"find_{name}_accounts")(name))


resonance_pull()
