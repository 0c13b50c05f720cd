#!/usr/bin/env python3
"""One measurement in a fresh process, for `benchmark.py` (prints one JSON line at the end).

    python scripts/bench_worker.py warm      '{"skill": "ours"|"baseline", "store": "moto"|"stub",
                                               "workouts": N, "instrument": false, "baseline_dir": ...}'
    python scripts/bench_worker.py memory    '{"skill": ..., "baseline_dir": ...}'   (store from env)
    python scripts/bench_worker.py responses '{"max_rungs": 0}'

Turns are driven as a conversation produces them: each request carries the session attributes of
the previous response (`legcoach_dev.local.envelope.Conversation`). Our skill is spoken to in typed
lines resolved by the local NLU over the real interaction model (what `tests/conftest.py`'s
Coachee does), so the harness follows the handlers as they change; the baseline is sent its one
intent by name.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "lambda"), str(ROOT / "devkit"), str(Path(__file__).resolve().parent)]

import bench_baseline  # noqa: E402
import bench_drive  # noqa: E402
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter  # noqa: E402

MODEL = ROOT / "interaction_models" / "en-US.json"
RESULT_PREFIX = "BENCH_RESULT "
START = datetime(2026, 11, 24, 9, tzinfo=UTC)
APLA_TYPE = "Alexa.Presentation.APLA.RenderDocument"

Handler = Callable[[dict, Any], dict]


# -- storage round trips, counted under botocore (both skills' stores end in BaseClient calls)

CALLS: Counter[str] = Counter()


def count_store_calls() -> None:
    from botocore.client import BaseClient

    original = BaseClient._make_api_call

    def counted(self: Any, operation_name: str, api_params: dict) -> Any:
        CALLS[operation_name] += 1
        return original(self, operation_name, api_params)

    BaseClient._make_api_call = counted  # type: ignore[method-assign]


class StubStore(AbstractPersistenceAdapter):
    """The store stubbed out: keeps a deep copy per user, as any store must; no I/O."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}  # JSON text: a copy in and out, at C speed

    def _key(self, envelope: Any) -> str:
        system = envelope.context.system
        person = getattr(system, "person", None)
        return f"{system.user.user_id}/{getattr(person, 'person_id', None) or '-'}"

    def get_attributes(self, request_envelope: Any) -> dict:
        CALLS["GetItem"] += 1
        return json.loads(self.items.get(self._key(request_envelope), "{}"))

    def save_attributes(self, request_envelope: Any, attributes: dict) -> None:
        CALLS["PutItem"] += 1
        self.items[self._key(request_envelope)] = json.dumps(attributes)

    def delete_attributes(self, request_envelope: Any) -> None:
        CALLS["DeleteItem"] += 1
        self.items.pop(self._key(request_envelope), None)

    def erase_account(self, user_id: str) -> int:
        doomed = [key for key in self.items if key.startswith(f"{user_id}/")]
        for key in doomed:
            del self.items[key]
        return len(doomed)


# -- time spent per part of a turn (the SDK's own structure, so it follows our handlers)


class Parts:
    totals: ClassVar[Counter[str]] = Counter()
    active: ClassVar[set[str]] = set()

    @classmethod
    def wrap(cls, owner: Any, name: str, label: str) -> None:
        attribute = owner.__dict__[name]
        kind = type(attribute) if isinstance(attribute, classmethod | staticmethod) else None
        original = attribute.__func__ if kind else attribute

        def timed(*args: Any, **kwargs: Any) -> Any:
            if label in cls.active:  # recursive (the SDK's serialiser): time the outer call only
                return original(*args, **kwargs)
            cls.active.add(label)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                cls.totals[label] += time.perf_counter() - started
                cls.active.discard(label)

        setattr(owner, name, kind(timed) if kind else timed)


def _subclasses(base: type) -> Iterator[type]:
    for sub in base.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def instrument() -> None:
    """Time the SDK's stages of a turn and the session-attribute (de)serialisers we own."""
    from ask_sdk_core.dispatch_components import (
        AbstractRequestHandler,
        AbstractRequestInterceptor,
        AbstractResponseInterceptor,
    )
    from ask_sdk_core.serialize import DefaultSerializer

    Parts.wrap(DefaultSerializer, "deserialize", "deserialise the request (SDK)")
    Parts.wrap(DefaultSerializer, "serialize", "serialise the response (SDK)")
    stages = (
        (AbstractRequestInterceptor, "process", "request interceptors"),
        (AbstractResponseInterceptor, "process", "response interceptors"),
        (AbstractRequestHandler, "can_handle", "routing (can_handle)"),
        (AbstractRequestHandler, "handle", "handler (building the reply)"),
    )
    for base, method, label in stages:
        for cls in set(_subclasses(base)):
            if method in cls.__dict__ and not cls.__module__.startswith("ask_sdk"):
                Parts.wrap(cls, method, label)
    # Nested inside the stages above: what carrying state in session attributes costs us.
    try:
        from legcoach.coach.profile import Profile
        from legcoach.voice.state import SessionState
    except ImportError:
        return
    for cls, label in ((SessionState, "session state"), (Profile, "profile cache")):
        for method in ("from_dict", "to_dict"):
            if method in cls.__dict__:
                Parts.wrap(cls, method, f"  of which {label} {method}")


# -- the two skills


def ours_handler(store: str) -> Handler:
    if store == "stub":
        from legcoach.storage.memory import MemoryStore
        from legcoach.voice.skill import build_handler

        return build_handler(MemoryStore())  # the store contract in memory: no I/O
    import app  # the Lambda entry, with the store the environment names

    if store == "moto" and type(app.store).__name__ != "DynamoDbStore":
        raise RuntimeError(f"the Lambda entry built a {type(app.store).__name__}, not DynamoDB")
    return app.handler


def baseline_handler(baseline_dir: str, store: str) -> Handler:
    sys.path[:0] = [str(Path(baseline_dir) / "site"), str(Path(baseline_dir) / "skill")]
    module = __import__(bench_baseline.MODULE)
    if store == "stub":
        getattr(module, bench_baseline.BUILDER).persistence_adapter = StubStore()
    return getattr(module, bench_baseline.HANDLER)


def start_moto(skill: str, tmp: Path) -> Any:
    """In-process moto with the skill's table; returns what to close at the end."""
    if skill == "ours":
        from legcoach_dev.local.store import open_store

        context = open_store("moto", path=tmp / "ours.json")
        local = context.__enter__()
        os.environ["TABLE_NAME"] = local.table_name  # what the Lambda entry reads, as deployed
        return context
    from moto import mock_aws

    for name, value in FAKE_AWS.items():
        os.environ[name] = value
    os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
    mock = mock_aws()
    mock.start()
    import boto3

    table = "baseline-progress"
    boto3.client("dynamodb").create_table(
        TableName=table,
        AttributeDefinitions=[
            {"AttributeName": bench_baseline.PARTITION_KEY, "AttributeType": "S"}
        ],
        KeySchema=[{"AttributeName": bench_baseline.PARTITION_KEY, "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    os.environ[bench_baseline.TABLE_ENV] = table
    os.environ[bench_baseline.REGION_ENV] = "us-east-1"
    return mock


FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


# -- conversations


class Device:
    """A Conversation whose every turn is timed, counted and labelled."""

    def __init__(self, handler: Handler, day: datetime) -> None:
        from legcoach_dev.local.envelope import Conversation, Identity

        self.minutes = 0
        self.day = day
        self.turns: list[dict[str, Any]] = []
        self.responses: list[dict] = []
        self._handler = handler
        self.conversation = Conversation(handler=self._timed, identity=Identity(), clock=self._now)

    def _now(self) -> datetime:
        self.minutes += 1
        return self.day + timedelta(minutes=self.minutes)

    def _timed(self, event: dict, context: Any) -> dict:
        CALLS.clear()
        attributes = (event.get("session") or {}).get("attributes") or {}
        before = dict(Parts.totals)
        started, cpu = time.perf_counter(), time.process_time()
        response = self._handler(event, context)
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu) * 1000
        parts = {k: (v - before.get(k, 0.0)) * 1000 for k, v in Parts.totals.items()}
        self.turns.append(
            {
                "ms": elapsed,
                "cpu_ms": cpu,
                "calls": dict(CALLS),
                "session_bytes_in": len(json.dumps(attributes)),
                "parts_ms": {k: v for k, v in parts.items() if v},
            }
        )
        self.responses.append(response)
        return response

    def send(self, resolution: Any, kind: str) -> dict:
        response = self.conversation.send(resolution).response or {}
        self.turns[-1]["kind"] = kind
        return response


def ours_workout(device: Device, nlu: Any) -> int:
    """One whole workout in typed lines (`bench_drive`); returns the sets counted."""

    def say(line: str, kind: str) -> dict:
        response = device.send(nlu.resolve(line), kind)
        if kind == "count":
            device.turns[-1]["kind"] = bench_drive.count_kind(response)
        return response

    return bench_drive.workout(say)


def baseline_workout(device: Device, sets: int) -> int:
    from legcoach_dev.local.nlu import Resolution

    device.send(Resolution("launch"), "launch")
    for n in range(sets):
        count = str(8 + n % 5)
        slots = {bench_baseline.SLOT: {"name": bench_baseline.SLOT, "value": count}}
        device.send(Resolution("intent", bench_baseline.INTENT, slots), "number")
    device.conversation.close()
    return sets


def run_workouts(skill: str, handler: Handler, workouts: int, sets: int = 10) -> Device:
    from legcoach_dev.local.nlu import Nlu

    nlu = Nlu.from_file(MODEL)
    device = Device(handler, START)
    for n in range(workouts):
        device.day = START + timedelta(days=2 * n)
        device.minutes = 0
        if skill == "ours":
            ours_workout(device, nlu)
        else:
            baseline_workout(device, sets)
    return device


# -- modes


def warm(options: dict) -> dict:
    skill, store = options["skill"], options["store"]
    count_store_calls()
    for name, value in FAKE_AWS.items():
        os.environ.setdefault(name, value)
    with tempfile.TemporaryDirectory() as tmp:
        closer = start_moto(skill, Path(tmp)) if store == "moto" else None
        if skill == "ours":
            handler = ours_handler(store)
        else:
            handler = baseline_handler(options["baseline_dir"], store)
        if options.get("instrument"):
            instrument()
        # A first workout warms caches (moto's, botocore's, the SDK's): not measured.
        run_workouts(skill, handler, 1)
        Parts.totals.clear()
        device = run_workouts(skill, handler, options["workouts"])
        if closer is not None:
            closer.__exit__(None, None, None) if hasattr(closer, "__exit__") else closer.stop()
    return {
        "turns": device.turns,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def memory(options: dict) -> dict:
    """A whole workout through the Lambda entry on the store the environment names."""
    skill = options["skill"]
    if skill == "ours":
        import app

        handler = app.handler
    else:
        handler = baseline_handler(options["baseline_dir"], "env")
    device = run_workouts(skill, handler, 1)
    return {
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "turns": len(device.turns),
    }


# -- the largest response


def _apla_seconds(node: Any, speech_seconds: Callable[[str], float]) -> float:
    """Length of an APLA component tree: a Sequencer adds up, a Mixer lasts as its longest
    child that is not trimmed to it, Silence is its duration, Speech is estimated from its text."""
    if isinstance(node, list):
        return sum(_apla_seconds(item, speech_seconds) for item in node)
    if not isinstance(node, dict):
        return 0.0
    kind = node.get("type")
    children = node.get("items") or ([node["item"]] if "item" in node else [])
    data = node.get("data")
    if isinstance(data, list) and children:
        children = children * len(data)  # the template repeats once per data item
    if kind == "Sequencer":
        return sum(_apla_seconds(child, speech_seconds) for child in children)
    if kind == "Mixer":
        lengths = [
            _apla_seconds(child, speech_seconds)
            for child in children
            if not (isinstance(child, dict) and child.get("duration") == "trimToParent")
        ]
        return max(lengths, default=0.0)
    if kind == "Selector":
        return _apla_seconds(children[:1], speech_seconds)
    if kind == "Silence":
        try:
            return float(node.get("duration", 0)) / 1000
        except (TypeError, ValueError):
            return 0.0
    if kind == "Speech":
        content = str(node.get("content", ""))
        if node.get("contentType") == "SSML":
            return speech_seconds(content)
        return speech_seconds(f"<speak>{content}</speak>")
    if "mainTemplate" in node:
        return _apla_seconds(node["mainTemplate"], speech_seconds)
    return sum(_apla_seconds(child, speech_seconds) for child in children)


def measure_response(response: dict) -> dict[str, float]:
    from legcoach_dev.local.render import speech_seconds

    body = response.get("response") or {}
    ssml = (body.get("outputSpeech") or {}).get("ssml", "")
    reprompt = ((body.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", "")
    figures = {
        "ssml_chars": float(len(ssml)),
        "reprompt_chars": float(len(reprompt)),
        "speech_s": speech_seconds(ssml) if ssml else 0.0,
        "response_bytes": float(len(json.dumps(response))),
        "session_bytes": float(len(json.dumps(response.get("sessionAttributes") or {}))),
        "apla_bytes": 0.0,
        "apla_s": 0.0,
    }
    directives = list(body.get("directives") or [])
    directives += list((body.get("reprompt") or {}).get("directives") or [])
    for directive in directives:
        if directive.get("type") == APLA_TYPE:
            figures["apla_bytes"] += len(json.dumps(directive))
            figures["apla_s"] += _apla_seconds(directive.get("document") or {}, speech_seconds)
    return figures


def _rung_profiles(rung: int) -> dict | None:
    """A stored profile with every slot at `rung` (clamped), or None if the coach API moved."""
    try:
        from legcoach.coach.ladder import SLOTS, clamp_rung
        from legcoach.coach.profile import Profile
    except ImportError:
        return None
    profile = Profile()
    profile.rungs = {slot.key: clamp_rung(slot.key, rung) for slot in SLOTS}
    return profile.to_dict()


def ladder_height() -> int:
    try:
        from legcoach.coach.ladder import SLOTS, ladder
    except ImportError:
        return 0
    return max(len(ladder(slot.key)) for slot in SLOTS)


def responses(options: dict) -> dict:
    """Every response of a workout at every rung of every ladder (and the climb between)."""
    from legcoach.voice.skill import build_handler
    from legcoach_dev.local.nlu import Nlu

    nlu = Nlu.from_file(MODEL)
    height = options.get("max_rungs") or ladder_height() or 1
    largest: dict[str, tuple[float, str]] = {}
    count = 0
    from legcoach.storage.keys import Owner
    from legcoach.storage.memory import MemoryStore

    for rung in range(height):
        store = MemoryStore()
        handler = build_handler(store, rng_factory=lambda: random.Random(1))
        seeded = _rung_profiles(rung - 1 if rung else 0)
        device = Device(handler, START)
        if seeded is not None:
            store.profiles[Owner("amzn1.ask.account.LOCALUSER")] = seeded
        # The workout at rung-1 climbs to `rung` (the change said aloud at the next one).
        for n in range(2 if rung else 1):
            device.day = START + timedelta(days=2 * n)
            ours_workout(device, nlu)
        for turn, response in zip(device.turns, device.responses, strict=True):
            count += 1
            for key, value in measure_response(response).items():
                if value > largest.get(key, (-1.0, ""))[0]:
                    largest[key] = (value, f"rung {rung}, {turn['kind']}")
    return {"largest": largest, "responses": count, "rungs": height}


def _nodes(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_nodes(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_nodes(v) for v in value)
    return 1


def writes(options: dict) -> dict:
    """What one write costs under moto: our record as a count mid-workout writes it, against a
    record of two numbers (the baseline's), through the same client; CPU ms per call."""
    for name, value in FAKE_AWS.items():
        os.environ.setdefault(name, value)
    with tempfile.TemporaryDirectory() as tmp:
        closer = start_moto("ours", Path(tmp))
        handler = ours_handler("moto")
        import app
        from legcoach_dev.local.nlu import Nlu

        nlu = Nlu.from_file(MODEL)
        run_workouts("ours", handler, 2)  # a history, as the warm runs have it
        device = Device(handler, START + timedelta(days=4))
        reply = device.send(nlu.resolve("start leg workout"), "launch")
        while True:  # up to the second count of the workout: the busiest turn's record
            line, kind = bench_drive.next_line(reply)
            reply = device.send(nlu.resolve(line), kind)
            if sum(t.get("kind") == "count" for t in device.turns) >= 2:
                break
        client, table = app.store.client, app.store.table_name
        record = max(client.scan(TableName=table)["Items"], key=lambda i: len(json.dumps(i)))
        tiny = {
            "user_id": {"S": "bench"},
            "person": {"S": "-"},
            "data": {"M": {"total": {"N": "40"}, "last": {"N": "8"}}},
        }

        def cpu_ms(call: Callable[[], object], n: int = 100) -> float:
            call()
            started = time.process_time()
            for _ in range(n):
                call()
            return (time.process_time() - started) * 1000 / n

        figures = {
            "record_bytes": len(json.dumps(record)),
            "record_nodes": _nodes(record),
            "put_record_ms": cpu_ms(lambda: client.put_item(TableName=table, Item=record)),
            "put_tiny_ms": cpu_ms(lambda: client.put_item(TableName=table, Item=tiny)),
            "get_tiny_ms": cpu_ms(
                lambda: client.get_item(
                    TableName=table, Key={k: tiny[k] for k in ("user_id", "person")}
                )
            ),
        }
        closer.__exit__(None, None, None)
    return figures


MODES = {"warm": warm, "memory": memory, "responses": responses, "writes": writes}


def main() -> None:
    mode, options = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    result = MODES[mode](options)
    print(RESULT_PREFIX + json.dumps(result))


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: moto's threads can make it slow
