#!/usr/bin/env python3
"""Speed and memory of the skill, printed as figures and checked against targets.

    python scripts/bench_skill.py [--workouts N]

- cold start: a fresh interpreter imports the Lambda entry (`app`) and answers one LaunchRequest;
- per turn: every request of N whole workouts (launch, a count per set, goodbye) through the
  Lambda handler on the in-memory store and on an embedded moto DynamoDB;
- memory: peak resident set size of the process doing all of that.
Targets leave room inside Alexa's ~8 s and a 512 MB Lambda; the exit code is 1 if one is missed.
This is the quick check `dev.py check` runs; the full comparison with a skill built the SDK
samples' way, with ratios and the targets from BENCHMARKS.md, is `scripts/benchmark.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This checkout's skill and devkit, not whichever one the environment installed in editable mode.
sys.path[:0] = [str(ROOT / "lambda"), str(ROOT / "devkit"), str(ROOT / "scripts")]

import bench_drive  # noqa: E402

# The skill's own work per turn is measured on the memory store; the moto figure includes moto's
# emulation of DynamoDB in-process, so it gets a looser bound (real DynamoDB is ~5-10 ms a call).
TARGETS = {"cold_ms": 1500.0, "turn_p95_ms": 50.0, "moto_turn_p95_ms": 250.0, "peak_rss_mb": 200.0}

COLD = """
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, "lambda")
import app
event = json.loads(sys.argv[1])
app.handler(event, None)
print((time.perf_counter() - t0) * 1000)
"""


def _launch_event() -> dict:
    from legcoach_dev.local.envelope import Identity, envelope, launch_request

    return envelope(
        launch_request(datetime(2026, 11, 24, 9, tzinfo=UTC)),
        identity=Identity(),
        session_id="bench",
        new=True,
    )


def cold_start_ms() -> float:
    env = dict(os.environ)
    out = subprocess.run(
        [sys.executable, "-c", COLD, json.dumps(_launch_event())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def workout_turns(store: object, workouts: int) -> list[float]:
    from legcoach.voice.skill import build_handler
    from legcoach_dev.local.envelope import Conversation, Identity
    from legcoach_dev.local.nlu import Nlu

    nlu = Nlu.from_file(ROOT / "interaction_models" / "en-US.json")
    handler = build_handler(store, rng_factory=lambda: random.Random(1))  # type: ignore[arg-type]
    timings: list[float] = []

    def timed(event: dict, context: object) -> dict:
        started = time.perf_counter()
        response = handler(event, context)
        timings.append((time.perf_counter() - started) * 1000)
        return response

    day = datetime(2026, 11, 24, 9, tzinfo=UTC)
    for n in range(workouts):
        clock_start = day + timedelta(days=2 * n)
        ticks = iter(range(10_000))
        device = Conversation(
            handler=timed,
            identity=Identity(),
            clock=lambda s=clock_start, t=ticks: s + timedelta(minutes=next(t)),
        )
        bench_drive.workout(lambda line, kind, d=device: d.send(nlu.resolve(line)).response or {})
    return timings


def set_writes(store: object) -> list[list[int]]:
    """The size of each set's UpdateItem request, per workout (a new list at each workout)."""
    import json

    sizes: list[list[int]] = [[]]

    def hook(params: dict, **kwargs: object) -> None:
        if "#s" in params.get("ExpressionAttributeNames", {}):
            sizes[-1].append(len(json.dumps(params, separators=(",", ":"))))
        elif "TransactItems" in params and any(
            "ConditionCheck" in i for i in params["TransactItems"]
        ):
            sizes.append([])  # a workout's first set creates its item: a new workout

    store.client.meta.events.register("provide-client-params.dynamodb.UpdateItem", hook)  # type: ignore[attr-defined]
    store.client.meta.events.register(  # type: ignore[attr-defined]
        "provide-client-params.dynamodb.TransactWriteItems", hook
    )
    return sizes


def describe(name: str, timings: list[float]) -> float:
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(
        f"{name}: {len(timings)} turns, median {statistics.median(timings):.2f} ms, "
        f"p95 {p95:.2f} ms, max {max(timings):.2f} ms"
    )
    return p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workouts", type=int, default=5)
    args = parser.parse_args()

    cold = statistics.median(cold_start_ms() for _ in range(3))
    print(f"cold start (import app + first LaunchRequest, memory store): {cold:.0f} ms")

    from legcoach.storage.memory import MemoryStore

    p95_memory = describe("per turn, memory store", workout_turns(MemoryStore(), args.workouts))

    from legcoach_dev.local.store import open_store

    # A throwaway file: the benchmark must not touch the local conversation's saved progress.
    with (
        tempfile.TemporaryDirectory() as tmp,
        open_store("moto", path=Path(tmp) / "bench.json") as local,
    ):
        adapter = local.adapter
        writes = set_writes(adapter)
        p95_dynamo = describe("per turn, moto DynamoDB", workout_turns(adapter, args.workouts))
        filled = [sizes for sizes in writes if sizes]
        print(
            "set-logging write (one UpdateItem of one set; request bytes, typed JSON): "
            f"first workout max {max(filled[0])} B, workout {len(filled)} max {max(filled[-1])} B"
        )

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")

    figures = {
        "cold_ms": cold,
        "turn_p95_ms": p95_memory,
        "moto_turn_p95_ms": p95_dynamo,
        "peak_rss_mb": peak_mb,
    }
    missed = [k for k, v in figures.items() if v > TARGETS[k]]
    for key, value in figures.items():
        print(
            f"  {key}: {value:.1f} (target <= {TARGETS[key]:.0f}) {'MISSED' if key in missed else 'ok'}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
