#!/usr/bin/env python3
"""What the store costs: item sizes and DynamoDB capacity units per workout, printed, not timed.

    PYTHONPATH=lambda:devkit .venv/bin/python scripts/bench_store.py [--sets 13] [--markdown]

Runs whole workouts through each storage pattern on moto (in process) and sizes every item each
call reads or writes, before and after, the way DynamoDB bills on-demand capacity:

* a write: one write unit per started KB of the larger of the item's sizes before and after
  (a transaction: two per KB, per item, condition checks included);
* a strongly consistent read: one read unit per started 4 KB of the items read (a Query: of all
  of them together); eventually consistent: half that.

Patterns: ours (the store contract: a profile item and one item per workout), the whole-record
pattern (the coach's whole record read at launch and written whole on every count, as the ASK
SDK's adapter does), and the ASK SDK sample's pattern (one small item read and written whole by
the SDK's adapter on every turn). Sizes are measured (`codec.item_size`, an
upper bound of DynamoDB's own count); prices and traffic are assumptions, printed as such.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "lambda"), str(ROOT / "devkit")]

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
)

from legcoach.coach.profile import Profile  # noqa: E402
from legcoach.coach.progression import plan_workout  # noqa: E402
from legcoach.coach.workout import Block, Workout  # noqa: E402
from legcoach.storage import open_store  # noqa: E402
from legcoach.storage.codec import deserialize, item_size, serialize  # noqa: E402
from legcoach.storage.keys import Owner  # noqa: E402

# Assumed: on-demand prices in us-east-1 (per million request units), and the traffic.
PRICE_WRITE = 0.625
PRICE_READ = 0.125
PEOPLE = 1_000_000
WORKOUTS_PER_WEEK = 3
WEEKS_PER_MONTH = 52 / 12
# Assumed for Lambda: arm64 price per GB-second and per request, 512 MB, turns per workout
# (launch, warm-up, each set's answer and its next-set turn, the goodbye) and billed ms a turn.
PRICE_GB_S = 0.0000133334
PRICE_REQUEST = 0.20 / 1_000_000
MEMORY_GB = 0.5
BILLED_MS_PER_TURN = 12

USER = "amzn1.ask.account.BENCH"
OWNER = Owner(USER)


@dataclass
class Meter:
    """Capacity units per operation, from the sizes of the items each call touched."""

    raw: Any
    table: str
    writes: float = 0.0
    reads: float = 0.0
    calls: dict[str, int] = field(default_factory=dict)
    last_set_item: int = 0  # size of the workout item after the last set write
    last_set_units: float = 0.0

    def size(self, key: dict[str, Any]) -> int:
        item = self.raw.get_item(TableName=self.table, Key=key, ConsistentRead=True).get("Item")
        return item_size(item) if item else 0

    def wrap(self, call: Callable[..., dict]) -> Callable[..., dict]:
        def measured(operation: str, **params: Any) -> dict:
            self.calls[operation] = self.calls.get(operation, 0) + 1
            if operation == "query":
                result = call(operation, **params)
                total = sum(item_size(i) for i in result.get("Items", []))
                self.reads += max(1, math.ceil(total / 4096))
                return result
            if operation == "get_item":
                result = call(operation, **params)
                item = result.get("Item")
                self.reads += max(1, math.ceil((item_size(item) if item else 0) / 4096))
                return result
            keys = _keys(operation, params)
            before = [self.size(k) for k in keys]
            try:
                result = call(operation, **params)
            finally:
                after = [self.size(k) for k in keys]
                factor = 2 if operation == "transact_write_items" else 1
                units = sum(
                    factor * max(1, math.ceil(max(b, a) / 1024))
                    for b, a in zip(before, after, strict=True)
                )
                self.writes += units
                if operation == "update_item" and "#open#" in keys[0]["person"]["S"]:
                    self.last_set_item, self.last_set_units = after[0], units
                elif operation == "transact_write_items" and any(
                    "Update" in t for t in params["TransactItems"]
                ):
                    self.last_set_item, self.last_set_units = after[-1], units
            return result

        return measured


def _keys(operation: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    if operation == "transact_write_items":
        keys = []
        for entry in params["TransactItems"]:
            ((_kind, body),) = entry.items()
            item = body.get("Key") or body["Item"]
            keys.append({"user_id": item["user_id"], "person": item["person"]})
        return keys
    if operation == "put_item":
        item = params["Item"]
        return [{"user_id": item["user_id"], "person": item["person"]}]
    return [params["Key"]]


def full_workout(profile: Profile, day: date, index: int, sets: int) -> Workout:
    """A workout of `sets` sets (the plan's blocks, repeated as needed), every target hit."""
    w = plan_workout(profile, day, light=False, workout_id=f"{day.isoformat()}-{index:08x}")
    blocks: list[Block] = []
    while len(Workout("x", "", blocks).sets) < sets:
        blocks.append(w.workout.blocks[len(blocks) % len(w.workout.blocks)])
    workout = Workout(w.workout.id, w.workout.day, blocks[:])
    while len(workout.sets) > sets:  # a unilateral block adds two: trim with a one-sided one
        workout.blocks.pop()
    return workout


@dataclass
class Figures:
    pattern: str
    reads: float
    writes: float
    set_item: int = 0
    set_units: float = 0.0
    profile_item: int = 0
    calls: dict[str, int] = field(default_factory=dict)


def history_profile(workouts: int, sets: int) -> Profile:
    """The profile after `workouts` workouts, folded by the coach (the state the store holds
    then: closed workouts sort outside what a turn reads, so they change no figure here)."""
    from legcoach.coach.progression import finish_workout

    profile = Profile()
    day = date(2024, 1, 1)
    for index in range(workouts):
        workout = full_workout(profile, day, index, sets)
        for spec in workout.sets:
            workout.record(spec.target)
        finish_workout(profile, workout)
        day += timedelta(days=2)
    return profile


def run_ours(history: int, sets: int) -> Figures:
    """One whole workout through the store contract after `history` workouts: ours, measured."""
    from legcoach_dev.local.tables import ensure_table
    from moto import mock_aws

    with mock_aws():
        store = open_store("dynamodb", table_name="bench-store")
        ensure_table(store)
        profile = history_profile(history, sets)
        store.client.put_item(
            TableName=store.table_name, Item=store._profile_item(OWNER, profile, history)
        )
        meter = Meter(store.client, store.table_name)
        store._call = meter.wrap(store._call)  # type: ignore[method-assign]
        _one_workout(store, date(2026, 1, 1), history, sets, writer="last")
        profile_key = {"user_id": {"S": USER}, "person": {"S": "-"}}
        return Figures(
            "ours",
            meter.reads,
            meter.writes,
            meter.last_set_item,
            meter.last_set_units,
            meter.size(profile_key),
            dict(meter.calls),
        )


def _one_workout(store: Any, day: date, index: int, sets: int, *, writer: str) -> None:
    loaded = store.load(OWNER)
    workout = full_workout(loaded.profile, day, index, sets)
    workout.touched = 1_700_000_000 + index * 1000
    for spec in workout.sets:
        workout.record(spec.target)
        store.record_set(OWNER, workout, spec.index, writer=writer)
    store.close_workout(OWNER, workout, completed=True)


def run_whole_record(history: int, sets: int) -> Figures:
    """The whole-record pattern (the ASK SDK adapter's, with a version check): the record read
    whole at launch (one strongly consistent GetItem) and written whole on every count and at
    the close (one PutItem, conditioned on the version read), in the older item layout."""
    from legcoach.coach.progression import finish_workout, log_progress
    from legcoach_dev.local.tables import ensure_table
    from moto import mock_aws

    with mock_aws():
        store = open_store("dynamodb", table_name="bench-whole")
        ensure_table(store)
        client, table = store.client, store.table_name
        key = {"user_id": {"S": USER}, "person": {"S": "-"}}

        def raw(operation: str, **params: Any) -> dict:
            return getattr(client, operation)(**params)

        def save(call: Callable[..., dict], profile: Profile, version: int) -> int:
            data = {k: v for k, v in profile.to_dict().items() if k != "_version"}
            item = {
                **key,
                "data": serialize(data),
                "schema": {"N": str(data["schema"])},
                "updated": {"S": datetime.now(UTC).isoformat(timespec="seconds")},
                "version": {"N": str(version + 1)},
            }
            if version == 0:
                condition: dict[str, Any] = {"ConditionExpression": "attribute_not_exists(user_id)"}
            else:
                condition = {
                    "ConditionExpression": "version = :expected",
                    "ExpressionAttributeValues": {":expected": {"N": str(version)}},
                }
            call("put_item", TableName=table, Item=item, **condition)
            return version + 1

        save(raw, history_profile(history, sets), 0)
        meter = Meter(client, table)
        call = meter.wrap(raw)
        item = call("get_item", TableName=table, Key=key, ConsistentRead=True)["Item"]
        version = int(item["version"]["N"])
        profile = Profile.from_dict(deserialize(item["data"]))
        workout = full_workout(profile, date(2026, 1, 1), history, sets)
        for spec in workout.sets:
            workout.record(spec.target)
            log_progress(profile, workout)
            version = save(call, profile, version)
        finish_workout(profile, workout)
        save(call, profile, version)
        size = meter.size(key)
        return Figures(
            "whole record",
            meter.reads,
            meter.writes,
            size,
            float(math.ceil(size / 1024)),
            size,
            dict(meter.calls),
        )


def sample_pattern(sets: int) -> Figures:
    """The ASK SDK sample's pattern (scripts/bench_baseline.py): the SDK adapter's GetItem
    (eventually consistent) on every request, one PutItem of a ~100-byte item per count."""
    item = {
        "id": {"S": USER},
        "attributes": {"M": {"last": {"N": "12"}, "total": {"N": "12345"}}},
    }
    size = item_size(item)
    turns = 1 + sets  # the launch, then one counting turn per set
    return Figures(
        "ASK SDK sample's pattern",
        reads=turns * 0.5 * max(1, math.ceil(size / 4096)),
        writes=sets * max(1, math.ceil(size / 1024)),
        set_item=size,
        set_units=1.0,
        profile_item=size,
    )


def monthly(figures: Figures) -> tuple[float, float, float]:
    workouts = PEOPLE * WORKOUTS_PER_WEEK * WEEKS_PER_MONTH
    reads = figures.reads * workouts * PRICE_READ / 1_000_000
    writes = figures.writes * workouts * PRICE_WRITE / 1_000_000
    return reads, writes, reads + writes


def lambda_monthly(sets: int) -> tuple[float, float]:
    workouts = PEOPLE * WORKOUTS_PER_WEEK * WEEKS_PER_MONTH
    turns = 3 + 2 * sets  # launch, warm-up, goodbye; each set's question and its answer
    gb_s = turns * BILLED_MS_PER_TURN / 1000 * MEMORY_GB
    return gb_s, workouts * (gb_s * PRICE_GB_S + turns * PRICE_REQUEST)


def report(sets: int, history: int) -> list[str]:
    ours_early, ours_late = run_ours(history, sets), run_ours(300, sets)
    whole = run_whole_record(history, sets)
    sample = sample_pattern(sets)
    actual = len(full_workout(Profile(), date(2026, 1, 1), 0, sets).sets)
    lines = [
        f"Store cost per workout ({actual} sets, every target hit; moto, sizes measured)",
        "",
        "| pattern | after | set write: item | units | profile item | read units | "
        "write units | $/month reads | $/month writes | $/month |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, figures in (
        (f"{history} workouts", ours_early),
        ("300 workouts", ours_late),
    ):
        lines.append(_row(figures, label))
    lines.append(_row(whole, f"{history} workouts"))
    lines.append(_row(sample, "any"))
    gb_s, cost = lambda_monthly(sets)
    lines += [
        "",
        f"calls per workout, ours: {ours_late.calls}",
        f"calls per workout, whole record: {whole.calls}",
        f"Lambda (assumed {BILLED_MS_PER_TURN} ms billed a turn, {3 + 2 * sets} turns, "
        f"{int(MEMORY_GB * 1024)} MB): {gb_s:.3f} GB-s a workout, ${cost:,.0f} a month",
        f"assumed: {PEOPLE:,} people x {WORKOUTS_PER_WEEK} workouts a week x "
        f"{WEEKS_PER_MONTH:.2f} weeks; ${PRICE_WRITE}/M write units, ${PRICE_READ}/M read "
        "units (on-demand, us-east-1)",
    ]
    return lines


def _row(f: Figures, after: str) -> str:
    reads, writes, total = monthly(f)
    return (
        f"| {f.pattern} | {after} | {f.set_item} B | {f.set_units:g} | {f.profile_item} B | "
        f"{f.reads:g} | {f.writes:g} | {reads:,.0f} | {writes:,.0f} | {total:,.0f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=13, help="sets a workout")
    parser.add_argument("--history", type=int, default=20, help="workouts before the first run")
    args = parser.parse_args(argv)
    print("\n".join(report(args.sets, args.history)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
