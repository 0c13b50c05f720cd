"""How long each trimmed phrase takes to say, measured with a neural voice, and whether it fits.

A beat of an APL for Audio document is a Mixer of a Silence (the slot) and words with
`"duration": "trimToParent"`: words longer than their slot are cut off on the device. This
module keeps a committed table of how long every such phrase takes with Piper's en_US "joe"
voice at 150, 180 and 200 words a minute (`phrase_ms.tsv`), so the APLA checker that runs on
every response of every test can look each phrase up (a dict lookup, no voice at test time).

    python -m legcoach_dev.phrases measure [TEXT ...]   measure TEXT (or every phrase a whole
                                                        workout at every rung says) into the table
    python -m legcoach_dev.phrases report               slots, distinct texts and overruns at
                                                        each rate, over a whole workout per rung
    python -m legcoach_dev.phrases calibrate            Piper's length_scale for each rate

(or `python3 dev.py phrases ...`; from the repository root with `PYTHONPATH=lambda:devkit`, or in
the dev venv). Measuring needs Piper (a pip pin); reading the table needs nothing.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

TABLE = Path(__file__).resolve().parent / "phrase_ms.tsv"
RATES = (150, 180, 200)  # words a minute: the slow end of natural speech to the brisk end
CHECK_RATE = 150  # slower speech is longer: every slot must hold its words at this rate
MEASURE_COMMAND = "python3 dev.py phrases measure"
# Long words (a rest's "Next: ..." introduction) are measured a sentence at a time, as Piper
# voices them: a text lasts its sentences plus the voice's pause between two sentences.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


# ------------------------------------------------------------------------------- the table


def _read(path: Path) -> tuple[dict[str, dict[int, int]], dict[str, float]]:
    table: dict[str, dict[int, int]] = {}
    scales: dict[str, float] = {}
    if not path.exists():
        return table, scales
    columns: list[int] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# calibration"):
            scales = {k: float(v) for k, v in (p.split("=") for p in line.split()[2:])}
            continue
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "phrase":
            columns = [int(c.split("_")[-1].removesuffix("wpm")) for c in cells[1:]]
            continue
        table[cells[0]] = {rate: int(ms) for rate, ms in zip(columns, cells[1:], strict=True)}
    return table, scales


@cache
def table() -> dict[str, dict[int, int]]:
    """phrase -> {words a minute: milliseconds}, as committed."""
    return _read(TABLE)[0]


@cache
def calibration() -> dict[str, float]:
    """`scale<rate>` (Piper's length_scale) and `gap<rate>` (ms between two sentences)."""
    return _read(TABLE)[1]


def spoken_ms(text: str, rate: int = CHECK_RATE) -> int | None:
    """How long `text` takes at `rate` from the table, or None if a sentence is unmeasured."""
    known = table()
    whole = known.get(text)
    if whole is not None:
        return whole[rate]
    parts = sentences(text)
    if len(parts) < 2 or any(p not in known for p in parts):
        return None
    gap = calibration()[f"gap{rate}"]
    # Said whole, a text ran up to 0.3 % longer than its sentences added up: 1 % covers it.
    return round((sum(known[p][rate] for p in parts) + gap * (len(parts) - 1)) * 1.01)


def _write(path: Path, rows: dict[str, dict[int, int]], scales: dict[str, float]) -> None:
    lines = [
        "# How long each phrase a trimmed APLA slot holds takes to say: Piper 1.8, voice",
        "# en_US-joe-medium, noise 0 (deterministic), first sound to last, in milliseconds.",
        "# Written by `python -m legcoach_dev.phrases measure`; do not edit by hand.",
        "# A text of several sentences lasts its sentences plus a gap between each two.",
        "# calibration " + " ".join(f"{k}={v}" for k, v in sorted(scales.items())),
        "\t".join(["phrase", *(f"ms_at_{r}wpm" for r in RATES)]),
    ]
    for phrase in sorted(rows):
        assert "\t" not in phrase and "\n" not in phrase, phrase
        lines.append("\t".join([phrase, *(str(rows[phrase][r]) for r in RATES)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ trimmed words and slots


def _exact_ms(component: dict[str, Any]) -> int:
    """How long an exact part of a slot lasts (a Silence, or a Mixer fixed by its Silence)."""
    if component.get("type") == "Silence":
        return int(component["duration"])
    if component.get("type") == "Mixer":
        return max(
            (int(c["duration"]) for c in component.get("items", []) if c.get("type") == "Silence"),
            default=0,
        )
    return 0


def trimmed_speeches(component: dict[str, Any]) -> Iterator[tuple[str, int]]:
    """Each (words, milliseconds they have) of a Speech cut by its slot, in document order.

    A slot is a Mixer whose Silence fixes its length; a trimmed Speech in it has the whole slot,
    a Speech after a cue in a trimmed Sequencer has what the cue leaves."""
    kind = component.get("type")
    children = component.get("items", component.get("item", []))
    if isinstance(children, dict):
        children = [children]
    if kind == "Mixer":
        slot = _exact_ms(component)
        for child in children:
            if child.get("duration") != "trimToParent":
                yield from trimmed_speeches(child)
            elif child.get("type") == "Speech":
                yield str(child.get("content", "")), slot
            elif child.get("type") == "Sequencer":
                used = 0
                for part in child.get("items", []):
                    if part.get("type") == "Speech":
                        yield str(part.get("content", "")), slot - used
                        used = slot  # anything after the words has no room left to count on
                    else:
                        used += _exact_ms(part)
        return
    for child in children:
        yield from trimmed_speeches(child)


def document_root(document: dict[str, Any]) -> dict[str, Any]:
    template = document.get("mainTemplate", {})
    items = template.get("items", template.get("item", []))
    return {"type": "Sequencer", "items": items if isinstance(items, list) else [items]}


def fit_problems(
    document: dict[str, Any], rate: int = CHECK_RATE, *, unmeasured: Path | None = None
) -> list[str]:
    """Every trimmed phrase of the document that is unmeasured or longer than its slot.

    With `unmeasured` (a file), unmeasured phrases are listed there instead, one a line, for
    `measure --from FILE` (how a new batch of cues is measured in one go)."""
    problems = []
    for text, ms in trimmed_speeches(document_root(document)):
        measured = spoken_ms(text, rate)
        if measured is None and unmeasured is not None:
            with unmeasured.open("a", encoding="utf-8") as f:
                f.write(text + "\n")
        elif measured is None:
            problems.append(
                f"{text!r} ({ms} ms slot) has never been measured: "
                f"run `{MEASURE_COMMAND} {shlex.quote(text)}` and commit phrase_ms.tsv"
            )
        elif measured > ms:
            problems.append(
                f"{text!r} takes {measured} ms at {rate} words a minute but its slot is "
                f"{ms} ms: a device cuts it off"
            )
    return problems


# ------------------------------------------------------- a whole workout at every rung


def workout_responses(rung: int | None = None) -> Iterator[dict[str, Any]]:
    """Every response of one whole workout in APLA mode, every slot at `rung` (clamped to its
    ladder; None: where a new user starts), answering each set with its target and taking the
    cool-down. Sets too long for one document come split, as a device gets them."""
    import random
    from datetime import UTC, datetime, timedelta

    from legcoach.coach.ladder import SLOTS, clamp_rung
    from legcoach.coach.profile import Profile
    from legcoach.coach.workout import Workout
    from legcoach.settings import Settings
    from legcoach.storage.keys import Owner
    from legcoach.storage.memory import MemoryStore
    from legcoach.voice.skill import build_handler

    from .local.envelope import Conversation, Identity

    nlu = _nlu()
    store = MemoryStore()
    identity = Identity()
    if rung is not None:
        profile = Profile(safety_noted=True)
        profile.rungs = {s.key: clamp_rung(s.key, rung) for s in SLOTS}
        store.save_preferences(Owner(identity.user_id), profile, ["rungs", "safety"])
    rng = random.Random(rung)
    handler = build_handler(
        store,
        settings=Settings(audio="apla"),
        rng_factory=lambda: random.Random(rng.random()),
    )
    minutes = [0]

    def clock() -> datetime:
        minutes[0] += 1
        return datetime(2026, 11, 24, 9, tzinfo=UTC) + timedelta(minutes=minutes[0])

    device = Conversation(handler=handler, identity=identity, clock=clock)
    line = "start leg workout"
    for _ in range(80):
        response = device.send(nlu.resolve(line)).response or {}
        yield response
        if response.get("response", {}).get("shouldEndSession", True):
            return
        state = (response.get("sessionAttributes") or {}).get("state", {})
        asks = state.get("asks") or []
        ask = asks[-1][0] if asks else ""
        if state.get("phase") == "ready":
            line = "ready"
        elif ask == "light_or_full":
            line = "full session"
        elif ask in ("cool_down", "check_in"):
            line = "yes"
        elif ask == "reminder":
            line = "no thanks"
        elif state.get("workout") and Workout.from_dict(state["workout"]).current is not None:
            line = str(Workout.from_dict(state["workout"]).current.target)
        else:
            line = "stop"


@cache
def _nlu() -> Any:
    from .local.nlu import Nlu

    return Nlu.from_file(Path(__file__).resolve().parents[2] / "interaction_models" / "en-US.json")


def workout_documents() -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, APLA document) of every response of a whole workout at every rung of the ladder
    (each slot's rung i, for i up to the longest ladder, so all 30 rungs; split sets included)."""
    from legcoach.coach.ladder import SLOTS, ladder

    from .local.render import apla_document

    for rung in range(max(len(ladder(s.key)) for s in SLOTS)):
        for turn, response in enumerate(workout_responses(rung)):
            document = apla_document(response)
            if document is not None:
                yield f"rung {rung} turn {turn}", document


def sweep() -> list[tuple[str, int]]:
    """Every (trimmed phrase, slot ms) of the whole-workout sweep, in order."""
    return [
        pair
        for _, document in workout_documents()
        for pair in trimmed_speeches(document_root(document))
    ]


def brief_intros(locale: str = "en-US") -> list[str]:
    """Every "Next: Back to the <move>, <side>, <reps>." (or "Next: Left leg.") a rest can
    announce for a move already introduced today coming back (after a swap, a skip or a
    resume): every move of the catalogue, each of its sides, every rep count it can be set.
    The sweep of whole workouts reaches only some of them."""
    import random

    from legcoach.coach.exercises import CATALOGUE
    from legcoach.coach.ladder import SLOTS, ladder
    from legcoach.coach.progression import light_reps
    from legcoach.speech.lines import Lines
    from legcoach.speech.words import move_name, side_suffix
    from legcoach.speech.workout_speech import side_lead

    say = Lines.for_locale(locale, random.Random(0))
    ladder_reps = {p.reps for slot in SLOTS for p in ladder(slot.key)}
    out = []
    for key, move in sorted(CATALOGUE.items()):
        low = min(move.base_reps, *ladder_reps)
        counts = set(range(low, move.rep_ceiling + 1)) | ladder_reps
        counts = sorted(counts | {light_reps(reps) for reps in counts})  # an easy day's
        for side in ("left", "right") if move.unilateral else (None,):
            for reps in counts:
                brief = say(
                    "intro_brief",
                    name=move_name(say, key, 2),
                    side=side_suffix(say, side),
                    reps=say("n_reps", count=reps),
                )
                out.append(say("next_up", intro=brief))
    # A move whose other side comes next names only the side.
    out += [say("next_up", intro=side_lead(side, say)) for side in ("left", "right")]
    return out


# ------------------------------------------------------------------------------ commands


def measure(texts: Sequence[str], *, again: bool = False) -> int:
    from .local import neural

    rows, scales = _read(TABLE)
    for rate in RATES:
        if f"scale{rate}" not in scales or again:
            scales[f"scale{rate}"] = neural.calibrated(rate)
            scales[f"gap{rate}"] = neural.sentence_gap_ms(scales[f"scale{rate}"])
    wanted = {p for t in texts for p in ([t] if len(sentences(t)) < 2 else sentences(t))}
    todo = sorted(t for t in wanted if again or t not in rows)
    for i, text in enumerate(todo, 1):
        rows[text] = {r: neural.spoken_ms(text, r, scales[f"scale{r}"]) for r in RATES}
        print(f"[{i}/{len(todo)}] {text!r}: " + ", ".join(f"{rows[text][r]} ms" for r in RATES))
    _write(TABLE, rows, scales)
    table.cache_clear()
    calibration.cache_clear()
    print(f"{len(todo)} measured; {len(rows)} phrases in {TABLE.name}")
    return 0


def report() -> int:
    pairs = sweep()
    distinct = {t for t, _ in pairs}
    known = {t: {r: spoken_ms(t, r) for r in RATES} for t in distinct}
    missing = sorted(t for t in distinct if known[t][CHECK_RATE] is None)
    pairs = [(t, ms) for t, ms in pairs if t not in missing]
    print(f"trimmed speech slots: {len(pairs)}; distinct texts: {len(distinct)}")
    print("| rate (wpm) | slots over | distinct texts over | tightest margin |")
    print("|---|---|---|---|")
    for rate in RATES:
        over = [(t, ms) for t, ms in pairs if known[t][rate] > ms]
        margin = min((ms - known[t][rate] for t, ms in pairs), default=0)
        print(f"| {rate} | {len(over)} | {len({t for t, _ in over})} | {margin} ms |")
    worst = sorted({(known[t][CHECK_RATE] - ms, t, ms) for t, ms in pairs})[-8:]
    print(f"tightest at {CHECK_RATE} wpm (ms over or under): ")
    for diff, text, ms in reversed(worst):
        print(f"  {diff:+5d}  {text!r} in {ms} ms")
    if missing:
        print(f"{len(missing)} texts unmeasured (run `{MEASURE_COMMAND}`): {missing[:5]} ...")
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m legcoach_dev.phrases")
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("measure", help="measure phrases into the table")
    m.add_argument("texts", nargs="*", help="phrases (default: every phrase of the sweep)")
    m.add_argument("--again", action="store_true", help="measure known phrases again")
    m.add_argument("--from", dest="source", type=Path, help="a file of phrases, one a line")
    sub.add_parser("report", help="overruns over a whole workout at every rung")
    sub.add_parser("calibrate", help="Piper's length_scale per rate")
    args = parser.parse_args(argv)
    if args.command == "measure":
        texts = list(args.texts)
        if args.source:
            texts += [t for t in args.source.read_text(encoding="utf-8").splitlines() if t]
        texts = texts or sorted({t for t, _ in sweep()} | set(brief_intros()))
        return measure(texts, again=args.again)
    if args.command == "report":
        return report()
    from .local import neural

    for rate in RATES:
        scale = neural.calibrated(rate)
        print(
            f"{rate} wpm: length_scale {scale}, {neural.sentence_gap_ms(scale)} ms between sentences"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
