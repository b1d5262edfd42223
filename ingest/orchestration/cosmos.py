"""The transform DAG's one `dbt build`, run by cosmos' watcher producer through `ingest.transform.dbt.dbt_build`.

Cosmos' own producer clones the dbt project into a new temporary folder for every run and runs dbt there,
while dbt's partial-parse file lives in the root's target folder (`$RESONANCE_HOME/dbt/target`), which every
run shares. dbt reuses a parsed seed or model whose file is unchanged, with the folder it was parsed in: the
previous run's temporary folder, deleted since. So the second run's seeds failed with "No files found that
match the pattern <old temp folder>/seeds/...", and every run after the first never reached serving.

`BuildProducer` keeps cosmos' watcher mode (one task per rendered node, each reading the build's result as
dbt reports it) and replaces only how the producer runs dbt: in the project folder itself, with the plan,
the open DuckDB file and the record of green builds that `resonance build` and the single-task DAG use. So
every path parses the same project folder into the same target folder, and builds only what changed.

A node the plan leaves out (unchanged since the last green build) gets no status from dbt. Left like that,
its cosmos task would defer to the triggerer, whose answer ("the producer succeeded, the node did not
run") comes back at once; on a running Airflow 3.3 the scheduler then sometimes finds the task queued
for its resumption while the executor reports its first half done, and marks it failed ("finished with
state success, but the task instance's state attribute is queued"). So once dbt has run its whole
selection, the producer reports every node it left out itself, as success with the message "not
rebuilt", and its tests as passed (they passed at the last green build, on the same inputs): every
per-node task then finds its answer on its first look, and no task defers at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from airflow.sdk import TriggerRule
from cosmos import DbtDag, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior
from cosmos.operators._watcher.aggregation import get_tests_status_xcom_key
from cosmos.operators._watcher.state import (
    DbtTestStatus,
    get_dbt_event_xcom_key,
    get_status_xcom_key,
    is_dbt_node_status_success,
    safe_xcom_push,
)
from cosmos.operators.watcher import DbtProducerWatcherOperator

from ingest.config import DBT_PROJECT_DIR, Paths
from ingest.orchestration.assets import MARTS, WRITER_POOL
from ingest.transform.dbt import PRODUCER_TASK_ID, refuse_dbt_outside_the_build

if TYPE_CHECKING:
    from airflow.sdk import DAG

NOT_REBUILT = "not rebuilt: no load since the last green build reaches this node, whose table that build made"

# Which dbt nodes get a task of their own (`RESONANCE_TRANSFORM_TASKS`). Every task is a process a worker
# starts and the scheduler tracks: on two cores each costs one to three seconds, and the whole project
# (83 models, 12 seeds, a test task after each tested model: about 165 tasks) made every event's run
# minutes long while its dbt build took seconds. `marts` (the default) shows the tables BI reads, each with
# its tests; staging and intermediate models still run in the one build, whose log lists every node, and
# any failure among them fails the build task and the run. `all` renders every model and seed.
TASK_SCOPES = {"marts": ["path:models/marts"], "all": []}
TASKS_VARIABLE = "RESONANCE_TRANSFORM_TASKS"


def rendered_selection() -> list[str]:
    scope = os.environ.get(TASKS_VARIABLE, "marts")
    if scope not in TASK_SCOPES:
        raise ValueError(f"{TASKS_VARIABLE}={scope!r}: use one of {', '.join(TASK_SCOPES)}")
    return TASK_SCOPES[scope]


def announced_loads(context: Any) -> set[str]:
    """The load ids the ingest DAG's raw-table events carry (their `extra`), over the events that triggered
    this run. The build itself plans from the ledger (what no green build covered yet), which also holds a
    load whose event was merged into an earlier run; the ids say which loads started this one."""
    events = context.get("triggering_asset_events") or {}
    return {
        str(load_id)
        for asset_events in events.values()
        for event in asset_events
        for load_id in ((event.extra or {}).get("load_ids") or [])
    }


class BuildProducer(DbtProducerWatcherOperator):
    """Cosmos' watcher producer, whose dbt run is `ingest.transform.dbt.dbt_build` (see the module docstring)."""

    def run_command(self, cmd: list[str], env: dict[str, Any], context: Any, **kwargs: Any) -> dict:
        """Run the one build (cosmos' own command, `cmd`, is not used); fail the task if it failed."""
        from airflow.sdk.exceptions import AirflowException

        from ingest.transform.dbt import dbt_build

        home = Paths.from_env()
        home.dbt_target.mkdir(parents=True, exist_ok=True)
        # cosmos reads compiled SQL from `<cwd>/target/compiled`: the root's dbt folder holds that target
        cwd = str(home.dbt_target.parent)
        environment = {key: str(value) for key, value in env.items()}
        self.invocation_mode = InvocationMode.DBT_RUNNER

        def invoke(args: list[str]) -> Any:
            # cosmos sets `env` for the call and restores it after: what dbt_build set since (the writer
            # file, keep_open) must win over cosmos' earlier snapshot of the process environment
            env_now = {**environment, **os.environ}
            # JSON events feed cosmos' per-node reports; run_dbt_runner drops the leading executable name
            return self.run_dbt_runner(["dbt", "--log-format", "json", *args], env_now, cwd, context=context)

        result = dbt_build(home, quiet=False, invoke=invoke)
        self.log.info("dbt build scope: %s (%s), %d nodes", result.scope or "nothing", result.reason, result.nodes)
        announced = announced_loads(context)
        self.log.info(
            "triggered by %d load(s) in raw-table events; %d of them in this build, the others built by an "
            "earlier run; the build covers %d load(s) in all",
            len(announced), len(announced & set(result.loads)), len(result.loads),
        )  # fmt: skip
        self._report_partial_test_groups(context)
        if result.completed:
            self._report_nodes_left_out(context, result.reported)
        report = {
            "success": result.success,
            "scope": result.scope,
            "reason": result.reason,
            "nodes": result.nodes,
            "announced_loads": sorted(announced),
        }
        context["ti"].xcom_push(key="build", value=report)  # what this run built, for operators and tests
        if not result.success:
            raise AirflowException("dbt build failed:\n" + "\n".join(result.failed))
        return report

    def _report_partial_test_groups(self, context: Any) -> None:
        """A model's test task reads one status, pushed by cosmos once all of the model's tests reported. A
        changed-only build can run only some of them (a relationships test also belongs to the model it
        points at, which was not rebuilt): report those that ran, so a failure among them still fails the task."""
        for model_uid, results in self.test_results_per_model.items():
            expected = self.tests_per_model.get(model_uid, [])
            if results and len(results) < len(expected):
                passed = all(is_dbt_node_status_success(status) for status in results.values())
                safe_xcom_push(
                    task_instance=context["ti"],
                    key=get_tests_status_xcom_key(model_uid),
                    value=DbtTestStatus.PASS if passed else DbtTestStatus.FAIL,
                )

    def _report_nodes_left_out(self, context: Any, reported: frozenset[str]) -> None:
        """Success for every rendered node dbt did not report, and passed tests for every model none of
        whose tests ran (see the module docstring)."""
        ti = context["ti"]
        for task in context["dag"].tasks:
            unique_id = getattr(task, "model_unique_id", None)
            if not unique_id or task is self:
                continue
            if getattr(task, "is_test_sensor", False):
                if unique_id in self.test_results_per_model:  # some of its tests ran: reported above
                    continue
                safe_xcom_push(ti, get_tests_status_xcom_key(unique_id), DbtTestStatus.PASS)
            elif unique_id not in reported:
                safe_xcom_push(ti, get_status_xcom_key(unique_id), {"status": "success", "outlet_uris": []})
                event = {"status": "success", "start_time": None, "finish_time": None, "msg": NOT_REBUILT}
                safe_xcom_push(ti, get_dbt_event_xcom_key(unique_id), event)


def transform_dag(manifest: Path, *, publish: Callable[[], Any], **dag_args: Any) -> DAG:
    """The dbt project through cosmos' watcher mode: one producer (the build, a `BuildProducer`), one task
    per rendered node (`rendered_selection`) reading its result, and `publish()` after all of them.
    `dag_args` are the DAG's own (dag_id, schedule, default_args...)."""

    class TransformDag(DbtDag):
        # Airflow 3.3 hashes a DAG, schedule included, on every `>>`; with 36 raw assets in the schedule that
        # is json.dumps of each asset per edge (seconds of parse time for ~150 edges). dag_id and file
        # identify the DAG; equal DAGs still hash equal.
        def __hash__(self) -> int:
            return hash((type(self), self.dag_id, self.fileloc))

    project = ProjectConfig(manifest_path=manifest, project_name="resonance", install_dbt_deps=False)
    # A plain path: cosmos' default (an Airflow ObjectStoragePath) loads every Airflow plugin to read a local file.
    project.manifest_path = manifest
    with TransformDag(
        project_config=project,
        profile_config=ProfileConfig(
            profile_name="resonance", target_name="writer", profiles_yml_filepath=DBT_PROJECT_DIR / "profiles.yml"
        ),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.WATCHER,
            invocation_mode=InvocationMode.DBT_RUNNER,  # in-process, as `resonance build`: one dbt start-up
            dbt_project_path=DBT_PROJECT_DIR,
            setup_operator_args={
                "pool": WRITER_POOL,
                "outlets": [MARTS],
                "interceptors": [],  # not the node tasks' refusal (operator_args): this task is the build
                "retries": 0,  # cosmos skips a retried producer; a new DAG run is the retry
            },
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.AFTER_EACH,
            emit_datasets=False,  # the DAG's own assets (marts, serving) are what other DAGs and BI follow
            select=rendered_selection(),
            exclude=["resource_type:exposure"],  # BI dashboards: nothing to build, and no task to show
        ),
        operator_args={"interceptors": [refuse_dbt_outside_the_build], "retries": 0, "install_deps": False},
        **dag_args,
    ) as dag:
        build = dag.task_dict[PRODUCER_TASK_ID]
        # Cosmos names its producer class by execution mode and offers no hook to replace it; ours only
        # changes how dbt is run (`BuildProducer.run_command`), so the object cosmos made takes its class.
        if type(build) is not BuildProducer.__base__:
            raise TypeError(f"cosmos made a {type(build).__name__} producer; BuildProducer expects its base")
        build.__class__ = BuildProducer
        # Every node task reads the build's result once it has finished (success or not), never before:
        # under dag.test() tasks run one at a time, and a node task polling a build that has not started
        # would wait forever. Cosmos links only the seeds to the producer (the staging models hang off
        # sources, which are not rendered), so link every first task here.
        for node_task in [t for t in dag.tasks if t is not build and not t.upstream_task_ids]:
            build >> node_task
        for node_task in build.downstream_list:
            node_task.trigger_rule = TriggerRule.ALL_DONE
        leaves = [t for t in dag.tasks if not t.downstream_task_ids]
        [build, *leaves] >> publish()
    return dag
