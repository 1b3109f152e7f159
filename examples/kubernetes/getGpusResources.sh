#!/usr/bin/env bash
# Spark resource discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs
# this executor's container sees, as {"name": "gpu", "addresses": ["0", ...]}. Must be in the image.
set -euo pipefail
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/[[:space:]]//g' -e 's/.*/"&"/' | paste -sd, -)
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
