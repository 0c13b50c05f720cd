"""Progression that lasts: the coach's rules, pure (no Alexa, no store).

Each session is planned with `plan_workout`, answered set by set with a pattern (strong, weak,
mixed...), and closed with `complete_workout`, exactly as the voice layer does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from legcoach.coach.changes import Change, ChangeCode
from legcoach.coach.ladder import SLOTS, Step, ladder, prescription, start_rung
from legcoach.coach.profile import RECENT_SESSIONS, Profile
from legcoach.coach.progression import (
    close_stale,
    complete_workout,
    current_rung,
    plan_workout,
)
from legcoach.coach.workout import SetSpec, Verdict, Workout, judge
from legcoach.speech.coaching import render_change
from legcoach.speech.lines import Lines

DAY = date(2026, 11, 2)  # a Monday
SLOT_KEYS = [s.key for s in SLOTS]
# Every slot starts three rungs into its starting variation in the scenario table: a step back
# is always possible, and every move has at least two sets (so a session can be mixed).
MID = {slot: start_rung(slot) + 3 for slot in SLOT_KEYS}

Answer = Callable[[SetSpec], int | None]
EN = Lines.for_locale("en-US")


def said(change: Change | None) -> str:
    """What the coach says about a change at the move's introduction ('' for none)."""
    return render_change(EN, change) if change else ""


def strong(spec: SetSpec) -> int | None:
    return spec.target


def beat(spec: SetSpec) -> int | None:
    return spec.target + 2


def weak(spec: SetSpec) -> int | None:
    """Well under: half the target (judged WELL_UNDER for every target on the ladders)."""
    return spec.target // 2


def close(spec: SetSpec) -> int | None:
    """One short of the target: honest work, not a failure."""
    return spec.target - 1


def mixed(spec: SetSpec) -> int | None:
    """First set of each exercise on target, the rest one short."""
    return spec.target if spec.first_of_block else spec.target - 1


def one_set_weak(spec: SetSpec) -> int | None:
    """Every set on target except one well under: counts as a weak session."""
    return spec.target // 2 if spec.first_of_block else spec.target


PATTERNS: dict[str, Answer] = {
    "strong": strong,
    "beat": beat,
    "weak": weak,
    "close": close,
    "mixed": mixed,
    "one_set_weak": one_set_weak,
}


def run_session(
    profile: Profile,
    day: date,
    answer: Answer,
    *,
    light: bool = False,
    number: int = 0,
    completed: bool = True,
) -> Workout:
    """Plan a session, answer every set with `answer`, and complete it."""
    workout = plan_workout(profile, day, light=light, workout_id=f"{day}-{number:04d}").workout
    profile.active = workout
    while not workout.finished:
        spec = workout.current
        assert spec is not None
        workout.record(answer(spec))
    complete_workout(profile, workout, completed=completed)
    return workout


def mid_profile() -> Profile:
    return Profile(safety_noted=True, rungs=dict(MID))


def blocks_by_slot(workout: Workout) -> dict[str, object]:
    return {b.slot: b for b in workout.blocks}


def test_the_weak_and_close_helpers_mean_what_they_say():
    # The scenario table relies on these verdicts for every target on every ladder.
    for slot in SLOT_KEYS:
        for rx in ladder(slot):
            assert judge(rx.reps // 2, rx.reps) is Verdict.WELL_UNDER
            assert judge(rx.reps - 1, rx.reps) is Verdict.CLOSE


# -- the scenario table ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sessions", "delta"),
    [
        (["strong"], +1),
        (["beat"], +1),
        (["strong", "strong"], +2),
        (["strong", "strong", "strong", "strong"], +4),
        (["weak"], 0),
        (["weak", "weak"], -1),
        (["weak", "weak", "weak"], -1),  # the step back resets the streak: hold, then...
        (["weak", "weak", "weak", "weak"], -2),  # ...a second step back after two more
        (["one_set_weak"], 0),
        (["one_set_weak", "one_set_weak"], -1),
        (["weak", "close", "weak"], 0),  # a decent session in between breaks the streak
        (["weak", "strong", "weak"], +1),
        (["mixed"], 0),
        (["mixed", "mixed", "mixed"], 0),
        (["close"], 0),
        (["close", "close"], 0),
        (["strong", "weak", "weak"], 0),
        (["strong", "mixed", "strong"], +2),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else f"{v:+d}",
)
def test_progression_scenarios_move_each_slot_by_the_rules(sessions: list[str], delta: int):
    profile = mid_profile()
    for number, name in enumerate(sessions):
        run_session(profile, DAY + timedelta(days=2 * number), PATTERNS[name], number=number)
    assert {slot: current_rung(profile, slot) for slot in SLOT_KEYS} == {
        slot: MID[slot] + delta for slot in SLOT_KEYS
    }


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_never_more_than_one_rung_per_session(name: str):
    profile = mid_profile()
    for number in range(6):
        before = {slot: current_rung(profile, slot) for slot in SLOT_KEYS}
        run_session(profile, DAY + timedelta(days=2 * number), PATTERNS[name], number=number)
        for slot in SLOT_KEYS:
            assert abs(current_rung(profile, slot) - before[slot]) <= 1


def test_strong_session_steps_up_and_next_intro_says_why():
    profile = Profile(safety_noted=True)
    first = run_session(profile, DAY, strong)
    squat_before = blocks_by_slot(first)["squat"].prescription
    assert (squat_before.exercise, squat_before.reps) == ("bulgarian_split_squat", 8)

    second = plan_workout(profile, DAY + timedelta(days=2), light=False, workout_id="w2").workout
    squat = blocks_by_slot(second)["squat"]
    assert squat.prescription.reps == 10
    assert squat.change == Change(
        ChangeCode.STEP_UP, "bulgarian_split_squat", 8, Step.REPS, new_reps=10
    )
    assert said(squat.change) == (
        "You hit eight on every set of Bulgarian split squats last time, so today it's ten reps."
    )
    for block in second.blocks:
        assert block.change is not None and block.change.code is ChangeCode.STEP_UP, block
        assert said(block.change).startswith("You hit "), block
        assert ", so today " in said(block.change), block


def test_weak_set_holds_the_prescription_and_says_so():
    profile = mid_profile()
    run_session(profile, DAY, weak)
    plan = plan_workout(profile, DAY + timedelta(days=2), light=False, workout_id="w2").workout
    for block in plan.blocks:
        assert block.prescription == prescription(block.slot, MID[block.slot])
        assert block.change is not None and block.change.code is ChangeCode.HOLD_WEAK
        assert "keeping the" in said(block.change)
        assert "until they feel solid" in said(block.change)


def test_two_weak_sessions_step_back_one_rung_and_say_so():
    profile = mid_profile()
    run_session(profile, DAY, weak, number=1)
    run_session(profile, DAY + timedelta(days=2), weak, number=2)
    plan = plan_workout(profile, DAY + timedelta(days=4), light=False, workout_id="w3").workout
    for block in plan.blocks:
        assert block.prescription == prescription(block.slot, MID[block.slot] - 1)
        assert block.change is not None and block.change.code is ChangeCode.STEP_BACK
        assert "tough two sessions running" in said(block.change)
        assert "eased them back one step" in said(block.change)


def test_weak_sessions_at_the_bottom_of_a_ladder_stay_there():
    profile = Profile(safety_noted=True, rungs=dict.fromkeys(SLOT_KEYS, 0))
    for number in range(4):
        run_session(profile, DAY + timedelta(days=2 * number), weak, number=number)
    assert all(current_rung(profile, slot) == 0 for slot in SLOT_KEYS)


def test_mixed_session_holds_without_a_reason_to_repeat():
    profile = mid_profile()
    run_session(profile, DAY, strong, number=1)
    run_session(profile, DAY + timedelta(days=2), mixed, number=2)
    assert all(current_rung(profile, slot) == MID[slot] + 1 for slot in SLOT_KEYS)
    # The step-up reason was heard at the mixed session's intros; it is not said again.
    plan = plan_workout(profile, DAY + timedelta(days=4), light=False, workout_id="w3").workout
    assert all(block.change is None for block in plan.blocks)


def test_the_top_rung_is_a_ceiling_not_an_error():
    profile = Profile(safety_noted=True, rungs={s: len(ladder(s)) - 1 for s in SLOT_KEYS})
    for number in range(3):
        run_session(profile, DAY + timedelta(days=2 * number), strong, number=number)
    assert all(current_rung(profile, s) == len(ladder(s)) - 1 for s in SLOT_KEYS)
    plan = plan_workout(profile, DAY + timedelta(days=8), light=False, workout_id="w").workout
    assert all(block.change is None for block in plan.blocks)


@pytest.mark.parametrize(
    ("slot", "first", "harder", "phrase"),
    [
        (
            "bridge",
            "single_leg_glute_bridge",
            "elevated_single_leg_bridge",
            "elevated single-leg bridge",
        ),
        ("lateral", "lateral_lunge", "cossack_squat", "Cossack squat"),
    ],
)
def test_enough_strong_sessions_reach_the_next_variation(
    slot: str, first: str, harder: str, phrase: str
):
    profile = Profile(safety_noted=True)
    rungs_in_first = sum(1 for rx in ladder(slot) if rx.exercise == first)
    seen = []
    for number in range(rungs_in_first):
        workout = run_session(profile, DAY + timedelta(days=2 * number), strong, number=number)
        seen.append(blocks_by_slot(workout)[slot].prescription.exercise)
    assert seen == [first] * rungs_in_first  # one whole variation, one rung a session
    later = DAY + timedelta(days=2 * rungs_in_first)
    plan = plan_workout(profile, later, light=False, workout_id="next").workout
    block = blocks_by_slot(plan)[slot]
    assert block.prescription.exercise == harder
    assert block.prescription == prescription(slot, ladder(slot).index(block.prescription))
    assert said(block.change).endswith(f"so today you move up to the {phrase}.")


def test_the_climb_follows_the_coaching_order():
    """Reps up to the ceiling, then less rest, more range, pulses, dead stop, slower tempo."""
    profile = Profile(safety_noted=True)
    reasons = []
    for number in range(10):
        run_session(profile, DAY + timedelta(days=2 * number), strong, number=number)
        reasons.append(said(profile.reasons["bridge"]).split(", so ")[1])
    assert reasons == [
        "today it's ten reps.",
        "today it's twelve reps.",
        "today it's fourteen reps.",
        "today it's fifteen reps.",
        "today the rests get shorter.",
        "today we go deeper on every rep.",
        "today we add pulses.",
        "today there's a dead stop at the bottom of every rep.",
        "today we slow the lowering down.",
        "today you move up to the elevated single-leg bridge.",
    ]


@pytest.mark.parametrize("gap_days", [1, 3, 9])
def test_gaps_under_ten_days_change_nothing_in_the_plan(gap_days: int):
    profile = mid_profile()
    run_session(profile, DAY, strong, number=1)
    later = DAY + timedelta(days=gap_days)
    plan = plan_workout(profile, later, light=False, workout_id="w2")
    assert not plan.eased
    assert all(b.prescription == prescription(b.slot, MID[b.slot] + 1) for b in plan.workout.blocks)


def test_a_gap_does_not_break_a_weak_streak():
    profile = mid_profile()
    run_session(profile, DAY, weak, number=1)
    run_session(profile, DAY + timedelta(days=9), weak, number=2)
    assert all(current_rung(profile, s) == MID[s] - 1 for s in SLOT_KEYS)


@pytest.mark.parametrize("name", ["strong", "weak", "close"])
def test_light_sessions_change_nothing(name: str):
    profile = mid_profile()
    run_session(profile, DAY, weak, number=1)  # a weak streak of one, and a reason pending
    before = (dict(profile.rungs), dict(profile.weak_streak), dict(profile.reasons))
    light = run_session(profile, DAY + timedelta(days=1), PATTERNS[name], light=True, number=2)
    assert light.light and all(b.sets_per_side == 1 and b.change is None for b in light.blocks)
    assert (profile.rungs, profile.weak_streak, profile.reasons) == before
    assert profile.recent[-1].light is True  # still in the history


def test_light_sessions_do_not_break_a_weak_streak():
    profile = mid_profile()
    run_session(profile, DAY, weak, number=1)
    run_session(profile, DAY + timedelta(days=1), strong, light=True, number=2)
    run_session(profile, DAY + timedelta(days=3), weak, number=3)
    assert all(current_rung(profile, s) == MID[s] - 1 for s in SLOT_KEYS)


def test_light_session_is_about_two_thirds_of_the_reps_one_set_each():
    profile = mid_profile()
    full = plan_workout(profile, DAY, light=False, workout_id="f").workout
    light = plan_workout(profile, DAY, light=True, workout_id="l").workout
    for f, lt in zip(full.blocks, light.blocks, strict=True):
        assert lt.prescription.exercise == f.prescription.exercise
        assert lt.prescription.reps == max(4, round(f.prescription.reps * 0.7))
        assert lt.sets_per_side == 1


@pytest.mark.parametrize(("weaker", "left", "right"), [("right", 8, 6), ("left", 5, 8)])
def test_weaker_side_goes_first_next_time(weaker: str, left: int, right: int):
    profile = Profile(safety_noted=True)

    def uneven(spec: SetSpec) -> int | None:
        if spec.block.slot != "squat":
            return spec.target
        return left if spec.side == "left" else right

    run_session(profile, DAY, uneven)
    assert profile.weaker_side == {"squat": weaker}
    plan = plan_workout(profile, DAY + timedelta(days=2), light=False, workout_id="w2").workout
    squat = blocks_by_slot(plan)["squat"]
    assert squat.first_side == weaker
    assert next(s.side for s in plan.sets if s.block.slot == "squat") == weaker
    # The other moves were even on both sides: they keep the default.
    assert blocks_by_slot(plan)["bridge"].first_side == "left"


def test_skipped_exercise_changes_nothing_for_that_slot():
    profile = mid_profile()

    def skip_squats(spec: SetSpec) -> int | None:
        return None if spec.block.slot == "squat" else spec.target

    run_session(profile, DAY, skip_squats)
    assert current_rung(profile, "squat") == MID["squat"]
    assert all(current_rung(profile, s) == MID[s] + 1 for s in SLOT_KEYS if s != "squat")


def test_a_half_skipped_exercise_does_not_step_up():
    """Left leg on target, right leg skipped: not 'every set on target', so no push on."""
    profile = mid_profile()

    def skip_right(spec: SetSpec) -> int | None:
        if spec.block.slot == "squat" and spec.side == "right":
            return None
        return spec.target

    run_session(profile, DAY, skip_right)
    assert current_rung(profile, "squat") == MID["squat"]
    assert current_rung(profile, "bridge") == MID["bridge"] + 1
    # Nor is the side not done judged the weaker one: there is nothing to compare.
    assert "squat" not in profile.weaker_side


def test_unfinished_workout_closed_next_day_is_counted_as_what_was_done():
    profile = Profile(safety_noted=True)
    workout = plan_workout(profile, DAY, light=False, workout_id="w1").workout
    workout.record(8)  # squat, left
    workout.record(8)  # squat, right
    workout.record(8)  # bridge, first side, on target: then the user walked away
    profile.active = workout

    assert close_stale(profile, DAY) is False  # same day: still resumable
    assert profile.active is workout

    assert close_stale(profile, DAY + timedelta(days=1)) is True
    assert profile.active is None
    record = profile.last_session
    assert record is not None and record.id == "w1" and record.completed is False
    assert [s.count for s in record.sets] == [8, 8, 8]
    assert record.reps == 24
    assert profile.sessions_completed == 1
    # The squats were done in full on target: up; the half-done bridge: not pushed on.
    assert current_rung(profile, "squat") == start_rung("squat") + 1
    assert current_rung(profile, "bridge") == start_rung("bridge")
    assert current_rung(profile, "lateral") == start_rung("lateral")
    assert profile.weaker_side == {}  # both squat sides equal; the bridge's right never done


def test_an_unstarted_stale_workout_is_dropped_not_counted():
    profile = Profile(safety_noted=True)
    profile.active = plan_workout(profile, DAY, light=False, workout_id="w1").workout
    assert close_stale(profile, DAY + timedelta(days=1)) is True
    assert profile.active is None and profile.recent == []


# -- history stays bounded --------------------------------------------------------------------


def test_five_years_of_daily_workouts_stay_small():
    profile = Profile(safety_noted=True)
    patterns = [strong, strong, mixed, weak, strong, close, beat]
    days = 5 * 365
    for number in range(days):
        run_session(profile, DAY + timedelta(days=number), patterns[number % 7], number=number)
    assert profile.sessions_completed == days
    assert len(profile.recent) == RECENT_SESSIONS
    size = len(json.dumps(profile.to_dict(), separators=(",", ":")).encode())
    print(f"\n5 years of daily workouts: {days} sessions, profile JSON {size} bytes")
    assert size < 64 * 1024
    # Nothing lost in the folding: totals match a straight count.
    back = Profile.from_dict(json.loads(json.dumps(profile.to_dict())))
    assert back.sessions_completed == days
    assert back.total_reps == profile.total_reps


def test_a_continuation_fills_its_workout_s_session_and_is_not_a_session_of_its_own():
    """Another device closed the workout after three sets; this one logged two more into a
    continuation, closed later: one session of five sets, judged once."""
    profile = Profile(safety_noted=True)
    workout = plan_workout(profile, DAY, light=False, workout_id="w1").workout
    for _ in range(3):
        workout.record(8)
    complete_workout(profile, workout, completed=False)
    rungs = dict(profile.rungs)
    continued = Workout.from_dict({**workout.to_dict(), "id": "w1+bedroom"})
    continued.counts = [None, None, None]
    continued.record(9)
    continued.record(9)
    complete_workout(profile, continued, completed=False)

    assert profile.sessions_completed == 1
    record = profile.last_session
    assert record is not None and record.id == "w1"
    assert [s.count for s in record.sets] == [8, 8, 8, 9, 9]
    assert profile.total_reps == 42
    assert profile.rungs == rungs  # judged once, when the workout itself closed
