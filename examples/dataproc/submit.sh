#!/usr/bin/env bash
# som-spark on Google Cloud Dataproc (Spark 3.5). See examples/README.md ("Dataproc").
# Set CLUSTER, REGION and BUCKET; the config file's paths are gs:// URIs.
set -euo pipefail
: "${CLUSTER:?set CLUSTER}" "${REGION:?set REGION}" "${BUCKET:?set BUCKET}"

gsutil cp target/som-spark-0.1.0-SNAPSHOT.jar "gs://$BUCKET/jars/som-spark.jar"

# A cluster made with --image-version=2.2 and Java 17 (see the README): the driver runs on the
# master node, executors in YARN containers. Everything after "--" goes to som-spark.
gcloud dataproc jobs submit spark \
  --cluster="$CLUSTER" --region="$REGION" \
  --class=io.somspark.cli.Main \
  --jars="gs://$BUCKET/jars/som-spark.jar" \
  --properties=spark.app.name=som-spark-run,spark.executor.memory=6g,spark.executor.cores=4 \
  -- run --config "gs://$BUCKET/conf/coco-gcs.yaml"

# Or serverless, no cluster: runtime 1.2 is Spark 3.5 with Java 17 and Scala 2.12 (what the jar
# is built for; runtime 2.2 is Scala 2.13).
# gcloud dataproc batches submit spark \
#   --region="$REGION" --version=1.2 \
#   --class=io.somspark.cli.Main --jars="gs://$BUCKET/jars/som-spark.jar" \
#   -- run --config "gs://$BUCKET/conf/coco-gcs.yaml"
