"""Cold-start cost of the Lambda package: import time of app.py as a ratio to a bare Chalice
app plus the dependencies no handler can avoid (a boto3 client, pydantic, bcrypt,
Powertools Logger/Metrics/Tracer), both measured in fresh interpreters in this run.

Heavy SDKs (stripe) must be imported lazily; this benchmark catches a regression.
Last line: {"cold_start_ratio": ...}.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 15

BASELINE = """
import time
t = time.perf_counter()
import boto3, bcrypt, pydantic
from chalice import Chalice
from aws_lambda_powertools import Logger, Metrics, Tracer
Logger(service="b"); Metrics(namespace="b"); Tracer(service="b")
boto3.client("dynamodb")
app = Chalice(app_name="bare")
print(time.perf_counter() - t)
"""

APP = """
import time
t = time.perf_counter()
import app
import sys
assert "stripe" not in sys.modules, "stripe must be imported lazily"
print(time.perf_counter() - t)
"""


def measure(code: str) -> float:
    env = {**os.environ, "AWS_DEFAULT_REGION": "eu-west-2", "POWERTOOLS_TRACE_DISABLED": "true",
           "PYTHONDONTWRITEBYTECODE": "0"}
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
        samples.append(float(out.strip().splitlines()[-1]))
    return statistics.median(samples)


def main() -> None:
    measure(APP)  # warm the bytecode caches of both, so neither pays compilation
    measure(BASELINE)
    baseline, app = measure(BASELINE), measure(APP)
    ratio = app / baseline
    print(f"baseline (bare Chalice + boto3 client + pydantic + bcrypt + Powertools): {baseline * 1000:.1f} ms")
    print(f"app.py: {app * 1000:.1f} ms  (median of {RUNS} fresh interpreters each)")
    print(f"ratio: {ratio:.3f} (target <= 1.15)")
    print(json.dumps({"cold_start_ratio": round(ratio, 3), "app_ms": round(app * 1000, 1),
                      "baseline_ms": round(baseline * 1000, 1)}))


if __name__ == "__main__":
    main()
