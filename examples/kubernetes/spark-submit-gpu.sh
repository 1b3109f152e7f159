#!/usr/bin/env bash
# Caption with a VLM on GPUs, on Kubernetes (Spark 3.5, cluster mode). See examples/README.md.
# The image: Spark 3.5 + Java 17 + CUDA 12 + cuDNN 9, with the -Pgpu jar at /opt/som-spark/
# and getGpusResources.sh at /opt/som-spark/. Nodes run the NVIDIA device plugin (nvidia.com/gpu).
set -euo pipefail
: "${K8S_API:?set K8S_API, e.g. https://my-cluster:6443}" "${IMAGE:?set IMAGE}"

# One GPU per executor; 4 task slots share it (gpu.amount 0.25 = 1 / executor cores), and
# vlm.concurrent=1 lets one model call at a time run on it. vlm.device=gpu makes each task use
# the GPU Spark assigned to it.
spark-submit \
  --master "k8s://$K8S_API" \
  --deploy-mode cluster \
  --name som-spark-caption \
  --class io.somspark.cli.Main \
  --conf spark.kubernetes.namespace=som \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.executor.instances=4 \
  --conf spark.executor.cores=4 \
  --conf spark.executor.memory=12g \
  --conf spark.executor.memoryOverhead=4g \
  --conf spark.executor.resource.gpu.amount=1 \
  --conf spark.executor.resource.gpu.vendor=nvidia.com \
  --conf spark.executor.resource.gpu.discoveryScript=/opt/som-spark/getGpusResources.sh \
  --conf spark.task.resource.gpu.amount=0.25 \
  local:///opt/som-spark/som-spark.jar \
  caption --config s3a://my-bucket/conf/coco-s3.yaml \
  --captioner vlm-listing --model s3a://my-bucket/models/som-llava \
  --set vlm.device=gpu --set vlm.concurrent=1 --set vlm.batch-size=16
