"""How the benchmarks walk through a workout: one typed line for whatever the skill just asked.

Shared by `bench_skill.py` (the quick check) and `bench_worker.py` (the comparison). It reads only
what the session attributes promise (`state.phase`, the question stack `state.asks`, the workout),
so new handlers and questions do not break it: a question it does not know is answered "no", a
position it does not know gets "stop", and a workout that does not end within `MAX_TURNS` is an
error rather than a silent loop.
"""

from __future__ import annotations

from collections.abc import Callable

MAX_TURNS = 60
# The answer that moves a workout forward, per question kind; anything else gets NO.
ANSWERS = {
    "light_or_full": "full session",
    "resume": "yes",
    "start": "yes",
    "restart": "no",
    "cool_down": "no thanks",
    "confirm_count": "yes",
}
NO = "no"
MID_WORKOUT = "count, mid-workout"  # "how many did you do?" answered with sets still to come
LAST_SET = "count, last set"


def state_of(response: dict) -> dict:
    return (response.get("sessionAttributes") or {}).get("state") or {}


def is_open(response: dict) -> bool:
    return (response.get("response") or {}).get("shouldEndSession") is False


def current_target(state: dict) -> int:
    """The current set's target reps (10 if the workout cannot be read)."""
    try:
        from legcoach.coach.workout import Workout

        current = Workout.from_dict(state["workout"]).current
        return int(current.target) if current is not None else 10
    except (ImportError, KeyError, TypeError, ValueError, AttributeError):
        return 10


def next_line(response: dict) -> tuple[str, str]:
    """(what the user says next, the kind of turn it makes) for an open session."""
    state = state_of(response)
    asks = state.get("asks") or []
    if asks:
        top = asks[-1]
        kind = str(top[0] if isinstance(top, list) and top else top)
        return ANSWERS.get(kind, NO), f"answer ({kind})"
    phase = state.get("phase")
    if phase == "ready":
        return "ready", "ready"
    if phase == "count":
        return str(current_target(state)), "count"
    return "stop", "stop"


def workout(say: Callable[[str, str], dict]) -> int:
    """One whole workout through `say(line, kind) -> response`; returns the sets counted.
    (`say` may relabel a "count" turn with `count_kind` of its response.)"""
    reply = say("start leg workout", "launch")
    sets = 0
    for _ in range(MAX_TURNS):
        if not is_open(reply):
            return sets
        line, kind = next_line(reply)
        reply = say(line, kind)
        if kind == "count":
            sets += 1
    raise RuntimeError(f"the workout did not end within {MAX_TURNS} turns")


def count_kind(response: dict) -> str:
    """A count turn's label from its response: mid-workout while a set is still to come."""
    goes_on = is_open(response) and state_of(response).get("phase") in ("count", "ready")
    return MID_WORKOUT if goes_on else LAST_SET
