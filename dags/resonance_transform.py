"""
### Resonance: transform and publish

One `dbt build` (seeds, staging -> intermediate -> marts, every dbt test) on the writer's DuckDB file,
shown as one task per dbt model and seed with a `.test` task after each model that has tests; then the
marts are published to `serving.duckdb` and Parquet with an atomic swap. BI tools read only the serving
file, so a failed build never reaches them: publish runs only when the build and every task are green.

**How (astronomer-cosmos, watcher mode):** `dbt_producer_watcher` runs the single `dbt build` in the
one-slot DuckDB writer pool; each model, seed and test task then reads that build's result for its node
(no dbt process of its own, ever: a second writer would collide on DuckDB's lock). A failed model or
test fails its task, the tasks downstream of it, and the run; publish does not run. Retrying one task
cannot rebuild one model: trigger the DAG again (the build is idempotent).

**What is built:** the same plan as `resonance build` (`ingest.build_plan`): only the nodes downstream of
the raw tables loaded since the last green build, the whole project after a change to it. Nodes the plan
leaves out succeed, logged as "not rebuilt", and keep the tables of the last green build. The build runs
in the dbt project folder itself (`ingest.cosmos_producer`), never in a temporary copy.

**Triggers:** any `raw/<table>` asset event from the ingest DAG. **Emits:** marts (after a green build)
and serving (after publish, with the tables and row counts).

Tasks come from the dbt manifest under the root (`$RESONANCE_HOME/dbt/target/manifest.json`), which
every build refreshes. A root with no manifest yet gets one `dbt_build` task instead of the per-model
tasks; that build writes the manifest, and the next parse shows every model.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG, AssetAny, task

from ingest.assets import DEFAULT_ARGS, MARTS, RAW_ASSETS, SERVING, WRITER_POOL
from ingest.config import DBT_PROJECT_DIR, Paths
from ingest.transform import PRODUCER_TASK_ID, manifest_path, refuse_dbt_outside_the_build

SCHEDULE = AssetAny(*RAW_ASSETS)
DAG_ARGS = {
    "dag_id": "resonance_transform",
    "start_date": pendulum.datetime(2026, 1, 1, tz="UTC"),
    "catchup": False,
    "max_active_runs": 1,
    "default_args": DEFAULT_ARGS,
    "doc_md": __doc__,
    "tags": ["resonance", "transform"],
}


@task(outlets=[SERVING], pool=WRITER_POOL)
def publish_marts(*, outlet_events=None) -> dict:
    from ingest.publish import publish

    publication = publish(Paths.from_env())
    outlet_events[SERVING].extra = {"tables": publication.tables, "serving_db": publication.serving_db}
    return publication.tables


def cosmos_dag(manifest) -> DAG:
    """The dbt project through cosmos' watcher mode: one producer (the build), one task per node reading it."""
    from airflow.sdk import TriggerRule
    from cosmos import DbtDag, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior

    from ingest.cosmos_producer import BuildProducer

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
            exclude=["resource_type:exposure"],  # BI dashboards: nothing to build, and no task to show
        ),
        operator_args={"interceptors": [refuse_dbt_outside_the_build], "retries": 0, "install_deps": False},
        schedule=SCHEDULE,
        **DAG_ARGS,
    ) as dag:
        build = dag.task_dict[PRODUCER_TASK_ID]
        # Cosmos names its producer class by execution mode and offers no hook to replace it; ours only
        # changes how dbt is run (`BuildProducer.run_command`), so the object cosmos made takes its class.
        if type(build) is not BuildProducer.__base__:
            raise TypeError(f"cosmos made a {type(build).__name__} producer; ingest.cosmos_producer expects it")
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
        [build, *leaves] >> publish_marts()
    return dag


def single_build_dag() -> DAG:
    """No manifest yet: the whole build as one task. It writes the manifest; the next parse renders per model."""
    with DAG(schedule=SCHEDULE, **DAG_ARGS) as dag:

        @task(outlets=[MARTS], pool=WRITER_POOL)
        def dbt_build() -> dict:
            from airflow.sdk.exceptions import AirflowException

            from ingest.transform import dbt_build as build

            result = build(Paths.from_env(), quiet=False)
            if not result.success:
                raise AirflowException("dbt build failed:\n" + "\n".join(result.failed))
            return {"nodes": result.nodes}

        dbt_build() >> publish_marts()
    return dag


_manifest = manifest_path(Paths.from_env())
dag = cosmos_dag(_manifest) if _manifest.exists() else single_build_dag()
