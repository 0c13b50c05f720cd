#!/usr/bin/env python3
"""The whole benchmark: the skill side by side with a minimal skill built the SDK's sample way.

    .venv/bin/python scripts/benchmark.py [--cold-runs 15] [--repeats 3] [--workouts 3]
                                          [--skip-web] [--markdown FILE]

Prints one table of medians over repeated runs, the ratio ours/baseline where both are measured,
and each target met or missed (exit code 1 if one is missed). Everything runs on this machine:
a moto_server on 127.0.0.1 for the cold starts, moto in-process for warm turns, gunicorn and a
bounded load client on loopback for the web-service mode. The baseline (scripts/bench_baseline.py)
and its adapter (ask-sdk-dynamodb-persistence-adapter) are installed into a temporary folder with
`pip install --target` at run time: never into the project's environment or bundle.
Not part of `dev.py check` (that runs the fast scripts/bench_skill.py); takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
sys.path[:0] = [str(SCRIPTS), str(ROOT / "lambda"), str(ROOT / "devkit"), str(ROOT / "tests")]

import bench_baseline  # noqa: E402
import bench_drive  # noqa: E402
import bench_worker  # noqa: E402

PY = sys.executable
BUSIEST = bench_drive.MID_WORKOUT  # "how many did you do?" answered mid-workout
TABLE_OURS = "legcoach-bench"
TABLE_BASELINE = "baseline-bench"
LOAD_SECONDS = 10  # the load test's length (bounded; the brief allows at most 30 s)
# Alexa's limits (Amazon's documented limits): outputSpeech < 8000 chars, response < 120 KB,
# APLA audio <= 240 s per response.
SSML_LIMIT = 8000
RESPONSE_LIMIT = 120 * 1024
APLA_SECONDS_LIMIT = 240.0

# Run as Lambda runs a function: `python3.13 -I -S -B`, the bundle first on sys.path (/var/task),
# then the runtime's boto3 (/var/runtime); nothing else, and no bytecode written.
COLD = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
sys.path[:0] = [sys.argv[1], sys.argv[5]]
module = __import__(sys.argv[2])
t1 = time.perf_counter()
handler = getattr(module, sys.argv[3])
event = json.loads(sys.argv[4])
t2 = time.perf_counter()
response = handler(event, None)
t3, c3 = time.perf_counter(), time.process_time()
body = response.get("response") or {}
spoke = bool((body.get("outputSpeech") or {}).get("ssml")) or any(
    d.get("type") == "Alexa.Presentation.APLA.RenderDocument" for d in body.get("directives") or []
)
print(json.dumps({"import_ms": (t1 - t0) * 1000, "first_ms": (t3 - t2) * 1000,
                  "cpu_ms": (c3 - c0) * 1000, "spoke": spoke}))
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass
class Row:
    figure: str
    ours: float | None
    baseline: float | None = None
    unit: str = "ms"
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        self.rows.append(row)

    def lines(self, title: str, lines: list[str]) -> None:
        self.sections[title] = lines


# -- environment


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def aws_env(endpoint: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEGCOACH_", "AWS_"))}
    for name in ("SKILL_ID", "TABLE_NAME", "DYNAMODB_ENDPOINT_URL", "PYTHONPATH"):
        env.pop(name, None)
    env.update(bench_worker.FAKE_AWS)
    if endpoint:
        env["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint
    return env


def ours_env(endpoint: str) -> dict[str, str]:
    return {
        **aws_env(endpoint),
        "TABLE_NAME": TABLE_OURS,
        "DYNAMODB_ENDPOINT_URL": endpoint,
    }


def baseline_env(endpoint: str, baseline_dir: Path) -> dict[str, str]:
    return {
        **aws_env(endpoint),
        bench_baseline.TABLE_ENV: TABLE_BASELINE,
        bench_baseline.REGION_ENV: "us-east-1",
        "PYTHONPATH": str(baseline_dir / "site"),
    }


def write_baseline(tmp: Path) -> Path:
    """The baseline skill and its adapter in `tmp/baseline` (site/ and skill/)."""
    base = tmp / "baseline"
    (base / "skill").mkdir(parents=True)
    (base / "skill" / f"{bench_baseline.MODULE}.py").write_text(bench_baseline.BASELINE_SOURCE)
    log(f"installing {bench_baseline.ADAPTER_REQUIREMENT} into a temporary folder")
    pip = [PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps"]
    subprocess.run(
        [*pip, "--target", str(base / "site"), bench_baseline.ADAPTER_REQUIREMENT], check=True
    )
    return base


class MotoServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> MotoServer:
        cmd = [PY, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]
        self.process = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=aws_env()
        )
        wait_http(f"{self.url}/moto-api/")
        self._create_tables()
        return self

    def _create_tables(self) -> None:
        os.environ.update(bench_worker.FAKE_AWS)
        from legcoach.storage.dynamodb import DynamoDbAdapter
        from legcoach_dev.local.tables import ensure_table

        ensure_table(DynamoDbAdapter(TABLE_OURS, endpoint_url=self.url, region="us-east-1"))
        import boto3

        key = bench_baseline.PARTITION_KEY
        boto3.client("dynamodb", endpoint_url=self.url, region_name="us-east-1").create_table(
            TableName=TABLE_BASELINE,
            AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
            KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


def launch_event() -> dict:
    from legcoach_dev.local.envelope import Identity, envelope, launch_request

    return envelope(
        launch_request(datetime(2026, 11, 24, 9, tzinfo=UTC)),
        identity=Identity(),
        session_id="amzn1.echo-api.session.bench",
        new=True,
    )


# -- bundles, and cold start from them


@dataclass
class Bundles:
    """Both skills as Lambda receives them, and the runtime's boto3, for `python`."""

    python: str  # the runtime's interpreter (3.13), which the bytecode was compiled for
    ours: Path
    baseline: Path
    runtime: Path  # boto3 + botocore, as the Lambda runtime provides them
    how: str


def find_python313() -> str:
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for candidate in (root / "versions" / "3.13.0" / "bin" / "python", shutil.which("python3.13")):
        if candidate and Path(candidate).is_file():
            probe = subprocess.run(
                [str(candidate), "-c", "import sys; print(sys.version_info[:2] == (3, 13))"],
                capture_output=True,
                text=True,
                check=False,
            )
            if probe.stdout.strip() == "True":
                return str(candidate)
    raise RuntimeError("python3.13 not found (pyenv 3.13.0 or python3.13 on PATH): Lambda's Python")


def pip_target(python: str, target: Path, *requirements: str) -> None:
    quiet = ["-q", "--disable-pip-version-check", "--no-compile"]
    cmd = [python, "-m", "pip", "install", *quiet, "--target", str(target), *requirements]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def compile_bytecode(python: str, directory: Path) -> None:
    """What scripts/lambda-bundle/Makefile does to ours: compile everything for the runtime."""
    cmd = [python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash"]
    subprocess.run([*cmd, str(directory)], check=True, stdout=subprocess.DEVNULL)


def without_bytecode(directory: Path, copy: Path) -> Path:
    shutil.copytree(directory, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def build_bundles(tmp: Path) -> Bundles:
    """Ours by `sam build` (the Makefile compiles its bytecode); the baseline as the samples
    bundle it (pip --target of their requirements), compiled the same way; the runtime's boto3
    likewise. The baseline's bundled boto3 comes first on its path, as in Lambda."""
    import bundle_size

    python = find_python313()
    log("bundles: sam build (ours), pip --target + compileall (baseline, runtime boto3)")
    how = "sam build"
    try:
        ours = bundle_size.sam_build(tmp / "sam-build", quiet=True)
    except RuntimeError as exc:
        # Without sam: the same Makefile, run as sam runs it (in a copy of lambda/).
        log(f"sam build unavailable ({str(exc).splitlines()[0]}); the Makefile instead")
        how = "scripts/lambda-bundle/Makefile (no sam)"
        source = shutil.copytree(ROOT / "lambda", tmp / "ours-source")
        ours = tmp / "ours-bundle"
        ours.mkdir()
        makefile = ROOT / "scripts" / "lambda-bundle" / "Makefile"
        env = {**bundle_size.sam_env(), "ARTIFACTS_DIR": str(ours), "PYTHON": python}
        make = ["make", "--makefile", str(makefile), "build-LegWorkoutFunction"]
        subprocess.run(make, cwd=source, env=env, check=True, stdout=subprocess.DEVNULL)
    baseline = tmp / "baseline-bundle"
    pip_target(python, baseline, *bench_baseline.BUNDLE_REQUIREMENTS)
    (baseline / f"{bench_baseline.MODULE}.py").write_text(bench_baseline.BASELINE_SOURCE)
    compile_bytecode(python, baseline)
    runtime = tmp / "runtime"
    pip_target(python, runtime, bench_baseline.RUNTIME_BOTO3)
    compile_bytecode(python, runtime)
    return Bundles(python, ours, baseline, runtime, how)


def cold_once(
    python: str, entry: tuple[Path, str, str], runtime: Path, env: dict, event: str
) -> dict:
    directory, module, handler = entry
    started = time.perf_counter()
    out = subprocess.run(
        [
            python,
            "-I",
            "-S",
            "-B",
            "-c",
            COLD,
            str(directory),
            module,
            handler,
            event,
            str(runtime),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=directory,
    )
    wall = (time.perf_counter() - started) * 1000
    if out.returncode != 0:
        raise RuntimeError(f"cold start of {module} failed:\n{out.stderr[-2000:]}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    if not figures["spoke"]:
        raise RuntimeError(f"{module} answered the LaunchRequest without speech")
    figures["wall_ms"] = wall
    figures["total_ms"] = figures["import_ms"] + figures["first_ms"]
    return figures


def import_times(
    python: str, entry: tuple[Path, str, str], runtime: Path, env: dict, event: str
) -> dict[str, int]:
    """Self time (µs) of every module the cold path imports (`python -X importtime`)."""
    directory, module, handler = entry
    args = [str(directory), module, handler, event, str(runtime)]
    out = subprocess.run(
        [python, "-I", "-S", "-B", "-X", "importtime", "-c", COLD, *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=directory,
    )
    times: dict[str, int] = {}
    for line in out.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            times[match.group(4)] = int(match.group(1))
    return times


def cold_start(report: Report, tmp: Path, bundles: Bundles, baseline_dir: Path, runs: int) -> None:
    event = json.dumps(launch_event())
    ours_entry = (bundles.ours, "app", "handler")
    base_entry = (bundles.baseline, bench_baseline.MODULE, bench_baseline.HANDLER)
    entries = {
        "ours": ours_entry,
        "baseline": base_entry,
        # The same two bundles with no bytecode: what sam's own Python build ships.
        "ours, no bytecode": (without_bytecode(bundles.ours, tmp / "ours-src"), "app", "handler"),
        "baseline, no bytecode": (
            without_bytecode(bundles.baseline, tmp / "baseline-src"),
            *base_entry[1:],
        ),
    }
    with MotoServer() as server:
        envs = {"ours": ours_env(server.url), "baseline": baseline_env(server.url, baseline_dir)}
        envs["baseline"].pop("PYTHONPATH", None)  # the bundle holds the adapter
        env_of = {name: envs[name.split(",")[0]] for name in entries}
        log(f"cold start: {runs} fresh processes each, interleaved, moto_server at {server.url}")
        for name, entry in entries.items():  # once each first: the items, the page cache
            cold_once(bundles.python, entry, bundles.runtime, env_of[name], event)
        samples: dict[str, list[dict]] = defaultdict(list)
        for _ in range(runs):
            for name, entry in entries.items():
                samples[name].append(
                    cold_once(bundles.python, entry, bundles.runtime, env_of[name], event)
                )
        times = {
            name: import_times(bundles.python, entries[name], bundles.runtime, envs[name], event)
            for name in ("ours", "baseline")
        }
        memory = {
            name: memory_after_workout(name, envs[name], baseline_dir)
            for name in ("ours", "baseline")
        }

    def figure(name: str, key: str) -> float:
        return median([s[key] for s in samples[name]])

    ours, base = figure("ours", "total_ms"), figure("baseline", "total_ms")
    note = f"median of {runs} fresh processes each, interleaved; Python {python_version(bundles)}"
    report.add(
        Row(
            "cold start: import entry + first LaunchRequest (bundles with bytecode)",
            ours,
            base,
            target="<= 0.95x baseline",
            met=ours <= 0.95 * base,
            note=note,
        )
    )
    report.add(
        Row(
            "  the same, CPU time of the process (robust to other load)",
            figure("ours", "cpu_ms"),
            figure("baseline", "cpu_ms"),
        )
    )
    report.add(
        Row("  of which import", figure("ours", "import_ms"), figure("baseline", "import_ms"))
    )
    report.add(
        Row(
            "  of which first LaunchRequest",
            figure("ours", "first_ms"),
            figure("baseline", "first_ms"),
        )
    )
    report.add(
        Row(
            "  both bundles without bytecode (sam's own Python build)",
            figure("ours, no bytecode", "total_ms"),
            figure("baseline, no bytecode", "total_ms"),
            note=f"CPU {figure('ours, no bytecode', 'cpu_ms'):.0f} against "
            f"{figure('baseline, no bytecode', 'cpu_ms'):.0f} ms",
        )
    )
    report.add(
        Row(
            "cold start: whole process (interpreter start to exit)",
            figure("ours", "wall_ms"),
            figure("baseline", "wall_ms"),
        )
    )
    report.add(
        Row(
            "peak RSS after a whole workout (Lambda entry, moto_server)",
            memory["ours"],
            memory["baseline"],
            unit="MiB",
        )
    )
    # The entry modules' own time is mostly creating the DynamoDB client (botocore loads the
    # service model): a client for ours, a boto3 resource for the baseline.
    entry_ours = times["ours"].pop("app", 0)
    entry_base = times["baseline"].pop(bench_baseline.MODULE, 0)
    only_ours = {m: t for m, t in times["ours"].items() if m not in times["baseline"]}
    lines = [
        f"entry module body (client creation included): ours app {entry_ours / 1000:.1f} ms, "
        f"baseline {bench_baseline.MODULE} {entry_base / 1000:.1f} ms",
        f"{sum(only_ours.values()) / 1000:.1f} ms of self time in {len(only_ours)} modules the "
        "baseline never imports (one -X importtime run; largest first):",
    ]
    for module, micros in sorted(only_ours.items(), key=lambda kv: -kv[1])[:25]:
        lines.append(f"  {micros / 1000:6.1f} ms  {module}")
    report.lines("Imports on our cold path that the baseline does not pay for", lines)


def python_version(bundles: Bundles) -> str:
    out = subprocess.run(
        [bundles.python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def memory_after_workout(skill: str, env: dict[str, str], baseline_dir: Path) -> float:
    options = {"skill": skill, "baseline_dir": str(baseline_dir)}
    result = run_worker("memory", options, env)
    return result["maxrss_kb"] / 1024


# -- warm turns


def run_worker(mode: str, options: dict, env: dict[str, str] | None = None) -> dict:
    out = subprocess.run(
        [PY, str(SCRIPTS / "bench_worker.py"), mode, json.dumps(options)],
        env=env or aws_env(),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    for line in reversed(out.stdout.splitlines()):
        if line.startswith(bench_worker.RESULT_PREFIX):
            return json.loads(line[len(bench_worker.RESULT_PREFIX) :])
    raise RuntimeError(f"worker {mode} {options} failed:\n{out.stderr[-3000:]}")


def by_kind(turns: list[dict]) -> dict[str, list[dict]]:
    kinds: dict[str, list[dict]] = defaultdict(list)
    for turn in turns:
        kinds[turn["kind"]].append(turn)
    return kinds


def warm_turns(report: Report, baseline_dir: Path, repeats: int, workouts: int) -> None:
    busiest = {"ours": BUSIEST, "baseline": "number"}
    medians: dict[tuple[str, str], list[float]] = defaultdict(list)
    round_trips: dict[tuple[str, str], dict[str, str]] = {}
    session_bytes: dict[str, float] = {}
    for store in ("moto", "stub"):
        for repeat in range(repeats):
            for skill in ("ours", "baseline"):
                log(f"warm turns: {skill}, store {store}, run {repeat + 1} of {repeats}")
                options = {
                    "skill": skill,
                    "store": store,
                    "workouts": workouts,
                    "baseline_dir": str(baseline_dir),
                }
                result = run_worker("warm", options)
                kinds = by_kind(result["turns"])
                medians[(skill, store)].append(median([t["ms"] for t in kinds[busiest[skill]]]))
                cpu = median([t["cpu_ms"] for t in kinds[busiest[skill]]])
                medians[(skill, f"{store} cpu")].append(cpu)
                if store == "moto":
                    for kind, turns in kinds.items():
                        calls = sorted({_calls(t["calls"]) for t in turns})
                        round_trips[(skill, kind)] = {
                            "calls": " / ".join(calls),
                            "ms": f"{median([t['ms'] for t in turns]):.2f}",
                        }
                    session_bytes[skill] = median(
                        [t["session_bytes_in"] for t in kinds[busiest[skill]]]
                    )
    ours, base = median(medians[("ours", "moto")]), median(medians[("baseline", "moto")])
    report.add(
        Row(
            "warm busiest turn, moto in-process (ours: count mid-workout; baseline: number)",
            ours,
            base,
            target="<= 0.5x baseline",
            met=ours <= 0.5 * base,
            note=f"median over {repeats} runs of {workouts} workouts each",
        )
    )
    report.add(
        Row(
            "  the same, CPU time of the process (robust to other load)",
            median(medians[("ours", "moto cpu")]),
            median(medians[("baseline", "moto cpu")]),
        )
    )
    report.add(
        Row(
            "warm busiest turn, store stubbed out (the skill's own CPU)",
            median(medians[("ours", "stub")]),
            median(medians[("baseline", "stub")]),
        )
    )
    report.add(
        Row(
            "  the same, CPU time of the process",
            median(medians[("ours", "stub cpu")]),
            median(medians[("baseline", "stub cpu")]),
        )
    )
    report.add(
        Row(
            "session attributes carried into the busiest turn",
            session_bytes.get("ours"),
            session_bytes.get("baseline"),
            unit="bytes",
        )
    )
    lines = ["turn type                         storage calls per turn         median ms (moto)"]
    for (skill, kind), figures in sorted(round_trips.items()):
        lines.append(f"{skill + ': ' + kind:<34}{figures['calls']:<31}{figures['ms']:>8}")
    report.lines("Storage round trips per turn type (moto in-process)", lines)

    log("warm turns: what one write costs under moto")
    cost = run_worker("writes", {})
    report.lines(
        "One write under moto (CPU per call, same client)",
        [
            f"our record as the busiest turn writes it: {cost['record_bytes']:,} bytes, "
            f"{cost['record_nodes']} attribute nodes",
            f"  PutItem of that record                 {cost['put_record_ms']:6.2f} ms",
            f"  PutItem of a record of two numbers     {cost['put_tiny_ms']:6.2f} ms",
            f"  GetItem of a record of two numbers     {cost['get_tiny_ms']:6.2f} ms",
        ],
    )

    log("warm turns: where the time goes (store stubbed out, instrumented)")
    lines = []
    for skill in ("ours", "baseline"):
        options = {
            "skill": skill,
            "store": "stub",
            "workouts": workouts,
            "baseline_dir": str(baseline_dir),
            "instrument": True,
        }
        turns = by_kind(run_worker("warm", options)["turns"])[busiest[skill]]
        total = median([t["ms"] for t in turns])
        labels = sorted({label for t in turns for label in t["parts_ms"]})
        lines.append(f"{skill} ({busiest[skill]}): {total:.3f} ms a turn (median, instrumented)")
        accounted = 0.0
        for label in labels:
            value = median([t["parts_ms"].get(label, 0.0) for t in turns])
            if not label.startswith(" "):
                accounted += value
            lines.append(f"  {label:<48}{value:8.3f} ms")
        lines.append(
            f"  {'SDK glue (skill per request, copies, dispatch)':<48}{total - accounted:8.3f} ms"
        )
    report.lines("Where a warm turn's CPU goes (store stubbed out)", lines)


def _calls(calls: dict[str, int]) -> str:
    if not calls:
        return "none"
    return " + ".join(f"{n} {op}" if n > 1 else op for op, n in sorted(calls.items()))


# -- responses


def largest_response(report: Report, max_rungs: int) -> None:
    log("largest response: a workout at every rung of every ladder")
    result = run_worker("responses", {"max_rungs": max_rungs})
    largest = result["largest"]
    note = f"{result['responses']} responses, {result['rungs']} rungs"

    def add(key: str, label: str, unit: str, limit: float | None = None) -> None:
        value, where = largest[key]
        met = None if limit is None else value < limit if key != "apla_s" else value <= limit
        target = "" if limit is None else f"< {limit:g}" if key != "apla_s" else f"<= {limit:g}"
        report.add(Row(label, value, unit=unit, target=target, met=met, note=f"{where}; {note}"))

    add("ssml_chars", "largest outputSpeech SSML", "chars", SSML_LIMIT)
    add("speech_s", "longest outputSpeech (estimated)", "s")
    add("response_bytes", "largest response envelope", "bytes", RESPONSE_LIMIT)
    add("session_bytes", "largest session attributes", "bytes")
    add("apla_bytes", "largest APLA directive JSON", "bytes", RESPONSE_LIMIT)
    add("apla_s", "longest APLA audio", "s", APLA_SECONDS_LIMIT)


# -- bundle


def zipped_size(directory: Path) -> int:
    import bundle_size

    return len(bundle_size.zip_bytes(directory))


def bundle(report: Report, bundles: Bundles) -> None:
    import bundle_size

    ours, base = zipped_size(bundles.ours) / 1024, zipped_size(bundles.baseline) / 1024
    bundled = bundle_size.forbidden_packages(bundles.ours)
    report.add(
        Row(
            "Lambda bundle, zipped, bytecode included (ours without boto3; baseline with it)",
            ours,
            base,
            unit="KiB",
            target="no boto3/botocore in ours",
            met=not bundled,
            note=bundles.how,
        )
    )


# -- web-service mode


WEB_APP = """
import sys
sys.path[:0] = {paths!r}
from cryptography import x509
from legcoach_dev.web.app import create_app
from legcoach_dev.web.verify import RequestVerifier

_chain = open({chain!r}, "rb").read()
_root = x509.load_pem_x509_certificate(open({root!r}, "rb").read())
_verifier = RequestVerifier(fetcher=lambda url: _chain, trusted_roots=[_root])
_SPEECH = {{"type": "SSML", "ssml": "<speak>Hi. Ready?</speak>"}}
_FIXED = {{"version": "1.0", "response": {{"outputSpeech": _SPEECH, "shouldEndSession": True}}}}
# The skill itself, and the same stack answering a fixed response (the web layer's own ceiling).
app = create_app(verifier=_verifier)
fixed = create_app(lambda event, context: _FIXED, verifier=_verifier)
"""


GUNICORN = (PY, "-m", "gunicorn", "--workers", "2", "--log-level", "warning")
# gunicorn's worker classes measured: sync closes every connection; gthread keeps them alive.
WORKERS = {
    "sync": ("--worker-class", "sync"),
    "gthread": ("--worker-class", "gthread", "--threads", "4"),
}


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    log("installing Debian's wrk (load client) with apt-get")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False}
    if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], **quiet)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet)
    return shutil.which("wrk")


def python_load(url: str, body: bytes, headers: dict[str, str], seconds: float) -> tuple[int, int]:
    """Fallback client: 4 threads of keep-alive connections for `seconds`; (ok, failed)."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    counts = [0, 0]
    lock = threading.Lock()

    def worker() -> None:
        ok = failed = 0
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        while time.monotonic() < deadline:
            try:
                conn.request("POST", "/", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                ok, failed = (ok + 1, failed) if response.status == 200 else (ok, failed + 1)
                if response.will_close:
                    conn.close()
            except OSError:
                failed += 1
                conn.close()
        with lock:
            counts[0] += ok
            counts[1] += failed

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts[0], counts[1]


def load(wrk: str | None, tmp: Path, url: str, body: bytes, headers: dict[str, str]) -> tuple:
    """(requests per second, failed requests, client description) over LOAD_SECONDS."""
    if not wrk:
        ok, failed = python_load(url, body, headers, LOAD_SECONDS)
        return ok / LOAD_SECONDS, failed, "Python client, 4 keep-alive connections"
    script = tmp / "post.lua"
    lua = ['wrk.method = "POST"', f"wrk.body = [==[{body.decode()}]==]"]
    lua += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    script.write_text("\n".join(lua) + "\n")
    options = ["-t", "2", "-c", "8", "-s", str(script), url]
    subprocess.run([wrk, "-d", "2s", *options], capture_output=True, check=True)  # warm-up
    out = subprocess.run(
        [wrk, "-d", f"{LOAD_SECONDS}s", *options], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, int(bad.group(1)) if bad else 0, "wrk, 2 threads, 8 connections"


def serve(
    tmp: Path, app: str, workers: str, url: str, body: bytes, headers: dict[str, str]
) -> tuple:
    port = int(url.rsplit(":", 1)[1].strip("/"))
    env = {**aws_env(), "LEGCOACH_STAGE": "local"}
    server = subprocess.Popen(
        [
            *GUNICORN,
            *WORKERS[workers],
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(tmp),
            f"benchweb:{app}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_http(f"{url}health")
        check = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(check, timeout=5) as answer:
            if answer.status != 200 or b"outputSpeech" not in answer.read():
                raise RuntimeError("the signed request was not answered")
        return load(ensure_wrk(), tmp, url, body, headers)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def web(report: Report, tmp: Path) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding
    from support.web_certs import CERT_URL, alexa_body, build_pki, sign

    log("web-service mode: gunicorn (2 workers) with verification on, load on loopback")
    pki = build_pki()
    (tmp / "chain.pem").write_bytes(pki.good_chain)
    (tmp / "root.pem").write_bytes(pki.root.cert.public_bytes(Encoding.PEM))
    paths = [str(ROOT / "lambda"), str(ROOT / "devkit")]
    (tmp / "benchweb.py").write_text(
        WEB_APP.format(paths=paths, chain=str(tmp / "chain.pem"), root=str(tmp / "root.pem"))
    )
    rates: dict[tuple[str, str], tuple[float, int, str]] = {}
    for app in ("app", "fixed"):
        for workers in WORKERS:
            body = alexa_body(datetime.now(UTC))  # a LaunchRequest, signed now: fresh for 150 s
            headers = {
                "Content-Type": "application/json",
                "Signature-256": sign(pki.leaf_key, body),
                "SignatureCertChainUrl": CERT_URL,
            }
            url = f"http://127.0.0.1:{free_port()}/"
            rates[app, workers] = serve(tmp, app, workers, url, body, headers)
    best = max(WORKERS, key=lambda workers: rates["app", workers][0])
    for app, label in (
        ("app", "web-service mode: signed LaunchRequests per second"),
        ("fixed", "  same stack answering a fixed response (web layer + verification)"),
    ):
        for workers in sorted(WORKERS, key=lambda w: w != best):
            rps, failed, client = rates[app, workers]
            real = app == "app" and workers == best
            report.add(
                Row(
                    label if workers == best else f"  {label.strip()}, {workers} workers",
                    rps,
                    unit="req/s",
                    target=">= 1000" if real else "",
                    met=(rps >= 1000 and failed == 0) if real else None,
                    note=f"gunicorn 2 {workers} workers, verification on, {client}, "
                    f"{LOAD_SECONDS} s; {failed} failed",
                )
            )
    cpu = launch_cpu_ms(alexa_body(datetime.now(UTC)))
    report.add(
        Row(
            "  the skill's LaunchRequest alone, CPU per request (in process, memory store)",
            cpu,
            note="what each web request adds to the web layer's own cost",
        )
    )


def launch_cpu_ms(body: bytes, n: int = 300) -> float:
    """CPU per LaunchRequest through the skill's handler, as a gunicorn worker runs it."""
    from legcoach.storage.memory import MemoryAdapter
    from legcoach.voice.skill import build_handler

    handler = build_handler(MemoryAdapter())
    event = json.loads(body)
    for _ in range(20):
        handler(event, None)
    started = time.process_time()
    for _ in range(n):
        handler(event, None)
    return (time.process_time() - started) * 1000 / n


# -- output


LOAD_AT_START = os.getloadavg()


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("ask-sdk-core", "boto3", "botocore", "moto", "gunicorn", "flask")
    )
    return [
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
        f"{pages:.0f} GiB RAM",
        f"Python {platform.python_version()}; {versions}",
        "load average (1, 5, 15 min) at the start: "
        f"{', '.join(f'{x:.2f}' for x in LOAD_AT_START)}; at the end: "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine skews "
        "absolute times; the interleaved ratios less so)",
    ]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("bytes", "chars", "KiB", "req/s"):
        return f"{value:,.0f}"
    if unit == "MiB" or value >= 100:
        return f"{value:.1f}" if unit == "MiB" else f"{value:.0f}"
    return f"{value:.2f}"


def table(report: Report) -> list[str]:
    lines = [
        "| figure | ours | baseline | ours/baseline | unit | target | met | note |",
        "| --- | ---: | ---: | ---: | --- | --- | --- | --- |",
    ]
    for row in report.rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        met = "" if row.met is None else "yes" if row.met else "**MISSED**"
        lines.append(
            f"| {row.figure} | {fmt(row.ours, row.unit)} | {fmt(row.baseline, row.unit)} | {ratio} "
            f"| {row.unit} | {row.target} | {met} | {row.note} |"
        )
    return lines


def store_figures(report: Report) -> None:
    """Item sizes and capacity units per workout (scripts/bench_store.py): printed, not timed."""
    import bench_store

    log("store figures: one workout through each storage pattern, items sized")
    report.lines("Store cost model", bench_store.report(13, 20))


def render(report: Report, started: float) -> str:
    out = ["## Machine", "", *[f"- {line}" for line in machine()], ""]
    out += [f"Benchmark took {time.monotonic() - started:.0f} s.", "", "## Figures", ""]
    out += table(report)
    for title, lines in report.sections.items():
        out += ["", f"## {title}", "", "```", *lines, "```"]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-runs", type=int, default=15, help="fresh processes per skill")
    parser.add_argument("--repeats", type=int, default=3, help="warm-turn runs per skill")
    parser.add_argument("--workouts", type=int, default=3, help="workouts per warm-turn run")
    parser.add_argument("--max-rungs", type=int, default=0, help="0: every rung of the ladders")
    parser.add_argument("--skip-web", action="store_true")
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)

    started = time.monotonic()
    report = Report()
    with tempfile.TemporaryDirectory(prefix="legcoach-bench-") as name:
        tmp = Path(name)
        baseline_dir = write_baseline(tmp)
        bundles = build_bundles(tmp)
        cold_start(report, tmp, bundles, baseline_dir, args.cold_runs)
        warm_turns(report, baseline_dir, args.repeats, args.workouts)
        largest_response(report, args.max_rungs)
        bundle(report, bundles)
        store_figures(report)
        if not args.skip_web:
            web(report, tmp)
    text = render(report, started)
    print(text)
    if args.markdown:
        args.markdown.write_text(text)
    missed = [row.figure for row in report.rows if row.met is False]
    if missed:
        print("MISSED: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
