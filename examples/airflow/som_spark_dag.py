"""som-spark stages as EMR steps on a running EMR 7 cluster (Spark 3.5, Java 17).

Needs apache-airflow-providers-amazon and an AWS connection (aws_default) allowed to add steps.
Set the Airflow Variable ``som_spark_emr_cluster_id`` (j-...). Each daily run writes its tables
under ``s3a://my-bucket/som/<ds>``; stages run in order as separate steps, so a failed stage is
retried on its own (stages overwrite their table atomically, so a retry is safe).
"""

from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

CLUSTER_ID = "{{ var.value.som_spark_emr_cluster_id }}"
JAR = "s3://my-bucket/jars/som-spark-0.1.0-SNAPSHOT.jar"
CONFIG = "s3://my-bucket/conf/coco-s3-emr.yaml"
OUT = "s3a://my-bucket/som/{{ ds }}"


def som_spark_step(command: str, *args: str) -> dict:
    """One EMR step that spark-submits a som-spark command (cluster mode, driver in YARN)."""
    return {
        "Name": f"som-spark {command} {{{{ ds }}}}",
        "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": [
                "spark-submit",
                "--deploy-mode", "cluster",
                "--class", "io.somspark.cli.Main",
                "--name", f"som-spark-{command}",
                "--conf", "spark.yarn.maxAppAttempts=1",
                JAR,
                command, "--config", CONFIG, "--out", OUT, *args,
            ],
        },
    }


with DAG(
    dag_id="som_spark",
    schedule="@daily",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": pendulum.duration(minutes=5)},
    tags=["som-spark"],
) as dag:
    previous = None
    for command, args in [
        ("ingest", ()),
        ("tag", ()),
        ("caption", ()),
        ("export", ()),
    ]:
        add = EmrAddStepsOperator(
            task_id=f"add_{command}",
            job_flow_id=CLUSTER_ID,
            steps=[som_spark_step(command, *args)],
        )
        wait = EmrStepSensor(
            task_id=f"wait_{command}",
            job_flow_id=CLUSTER_ID,
            step_id=f"{{{{ task_instance.xcom_pull(task_ids='add_{command}')[0] }}}}",
            poke_interval=60,
            timeout=6 * 60 * 60,
        )
        if previous is not None:
            previous >> add
        add >> wait
        previous = wait
