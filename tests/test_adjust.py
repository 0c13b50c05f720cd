"""Adjusting moves and plans: easier, harder, without equipment, tempo, swaps, pain
memory, long gaps, and judging a workout against what was really planned. Pure rules."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from legcoach.coach.adjust import (
    TEMPO_CAP,
    TEMPO_FLOOR,
    easier,
    faster,
    harder,
    shift_tempo,
    slower,
    stand_ins,
    swap,
    without,
)
from legcoach.coach.cautions import gap_rungs
from legcoach.coach.changes import ChangeCode
from legcoach.coach.exercises import CATALOGUE, EQUIPMENT, JOINTS
from legcoach.coach.ladder import SLOTS, Prescription, Tempo, ladder, prescription, start_rung
from legcoach.coach.profile import Profile
from legcoach.coach.progression import (
    LONG_GAP_DAYS,
    complete_workout,
    current_rung,
    plan_workout,
)
from legcoach.coach.workout import SetSpec, Workout
from legcoach.speech import workout_speech as ws
from legcoach.speech.coaching import (
    render_change,
    render_check_in,
    render_no_other_version,
    render_pain_noted,
    render_plan_notes,
    render_stand_in,
    render_swap,
    render_tempo_change,
)
from legcoach.speech.lines import Lines

DAY = date(2026, 11, 2)
SLOT_KEYS = [s.key for s in SLOTS]
EN = Lines.for_locale("en-US", random.Random(0))


def strong(spec: SetSpec) -> int:
    return spec.target


def weak(spec: SetSpec) -> int:
    return spec.target // 2


def run(profile: Profile, day: date, answer=strong, number: int = 0) -> Workout:
    workout = plan_workout(profile, day, light=False, workout_id=f"w{number}").workout
    profile.active = workout
    while not workout.finished:
        assert workout.current is not None
        workout.record(answer(workout.current))
    complete_workout(profile, workout, completed=True)
    return workout


def block(workout: Workout, slot: str):
    return next(b for b in workout.blocks if b.slot == slot)


# -- the catalogue's links -----------------------------------------------------------------


def test_every_link_names_a_catalogue_move_and_equipment_and_joints_are_known():
    for key, move in CATALOGUE.items():
        for other in (move.easier, move.harder, move.substitute, *move.spares.values()):
            assert other is None or other in CATALOGUE, (key, other)
        assert move.equipment <= set(EQUIPMENT) and move.joints <= set(JOINTS), key
        assert set(move.spares) <= set(JOINTS), key
        assert move.base_reps <= move.rep_ceiling, key


def test_easier_and_harder_are_inverse_steps_of_one_chain():
    for key, move in CATALOGUE.items():
        if move.harder is not None and CATALOGUE[move.harder].easier is not None:
            # Climbing up then down lands on a move at most as hard as where we started.
            assert easier(move.harder) is not None, key


def test_every_move_that_needs_equipment_has_a_substitute_that_needs_none():
    for key, move in CATALOGUE.items():
        if move.equipment:
            assert move.substitute is not None, key
            assert not CATALOGUE[move.substitute].equipment, key


@pytest.mark.parametrize(
    ("move", "joint", "expected"),
    [
        ("bulgarian_split_squat", None, "split_squat"),
        ("bulgarian_split_squat", "knee", "glute_bridge"),
        ("single_leg_glute_bridge", None, "glute_bridge"),
        ("single_leg_glute_bridge", "knee", "glute_bridge"),  # it spares the knee already
        ("lateral_lunge", None, "shallow_lateral_lunge"),
        ("lateral_lunge", "knee", "side_lying_leg_raise"),
        ("air_squat", None, "half_squat"),
        ("air_squat", "knee", "glute_bridge"),
        ("cossack_squat", None, "lateral_lunge"),
        ("glute_bridge", None, None),  # the gentlest bridge
    ],
)
def test_easier_picks_the_easier_version_or_the_one_that_spares_the_sore_joint(
    move: str, joint: str | None, expected: str | None
):
    assert easier(move, joint) == expected


def test_a_named_joint_gets_a_move_that_does_not_load_it_when_there_is_one():
    for key, move in CATALOGUE.items():
        for joint in move.spares:
            choice = easier(key, joint)
            assert choice is not None and joint not in CATALOGUE[choice].joints, (key, joint)


@pytest.mark.parametrize(
    ("move", "expected"),
    [
        ("split_squat", "bulgarian_split_squat"),
        ("glute_bridge", "single_leg_glute_bridge"),
        ("half_squat", "air_squat"),
        ("bulgarian_split_squat", None),
        ("elevated_single_leg_bridge", None),
    ],
)
def test_harder_climbs_one_version(move: str, expected: str | None):
    assert harder(move) == expected


@pytest.mark.parametrize(
    ("move", "missing", "expected"),
    [
        ("bulgarian_split_squat", "chair", "split_squat"),
        ("bulgarian_split_squat", "couch", "split_squat"),
        ("elevated_single_leg_bridge", "couch", "single_leg_glute_bridge"),
        ("assisted_split_squat", "wall", "half_squat"),
        ("split_squat", "chair", None),  # needs nothing: nothing to change
        ("elevated_single_leg_bridge", "wall", None),
    ],
)
def test_without_substitutes_only_when_the_move_needs_that_equipment(
    move: str, missing: str, expected: str | None
):
    assert without(move, missing) == expected


def test_furniture_stands_in_for_furniture():
    assert "couch" in stand_ins("bulgarian_split_squat", "chair")
    assert "chair" not in stand_ins("bulgarian_split_squat", "chair")
    assert stand_ins("split_squat", "chair") == ()


# -- tempo -------------------------------------------------------------------------------


def test_slower_adds_a_second_of_lowering_up_to_the_cap():
    assert slower(Tempo(3, 1, 1)) == Tempo(4, 1, 1)
    assert slower(Tempo(TEMPO_CAP, 1, 1)) == Tempo(TEMPO_CAP, 1, 1)


def test_faster_takes_a_second_off_but_never_under_the_floor():
    assert faster(Tempo(4, 1, 1)) == (Tempo(3, 1, 1), False)
    assert faster(Tempo(3, 1, 1)) == (Tempo(2, 1, 1), False)
    assert faster(Tempo(TEMPO_FLOOR, 1, 1)) == (Tempo(TEMPO_FLOOR, 1, 1), True)
    assert TEMPO_FLOOR == 2


@pytest.mark.parametrize(("shift", "down"), [(-5, 2), (-1, 2), (0, 3), (2, 5), (9, 6)])
def test_a_tempo_preference_stays_within_the_floor_and_cap(shift: int, down: int):
    assert shift_tempo(Tempo(3, 1, 1), shift).down == down


# -- swapping a prescription ------------------------------------------------------------------


def test_swap_keeps_the_prescription_and_clamps_reps_to_the_new_moves_range():
    rx = Prescription("bulgarian_split_squat", 15, rest=25, tempo=Tempo(4, 1, 1))
    bridge = swap(rx, "glute_bridge")
    assert (bridge.exercise, bridge.reps, bridge.rest, bridge.tempo) == (
        "glute_bridge",
        15,
        25,
        Tempo(4, 1, 1),
    )
    assert swap(Prescription("air_squat", 20), "cossack_squat").reps == 12
    assert swap(Prescription("cossack_squat", 6), "glute_bridge").reps == 12


def test_swapping_before_a_block_starts_replaces_it():
    workout = plan_workout(Profile(), DAY, light=False, workout_id="w").workout
    workout.swap_current(swap(workout.blocks[0].prescription, "glute_bridge"))
    assert workout.blocks[0].prescription.exercise == "glute_bridge"
    assert workout.current is not None and workout.current.side is None  # two-legged now
    assert len(workout.blocks) == 4


def test_swapping_mid_block_logs_each_set_as_the_move_really_done():
    profile = Profile()
    workout = plan_workout(profile, DAY, light=False, workout_id="w").workout
    workout.record(8)  # Bulgarian split squat, left leg
    assert workout.current is not None and workout.current.side == "right"
    workout.swap_current(swap(workout.current.block.prescription, "glute_bridge"))
    assert workout.current is not None
    assert workout.current.block.prescription.exercise == "glute_bridge"
    assert workout.current.side is None
    while not workout.finished:
        assert workout.current is not None
        workout.record(workout.current.target)
    profile.active = workout
    complete_workout(profile, workout, completed=True)
    squat_sets = [
        (s.exercise, s.side, s.count) for s in profile.recent[-1].sets if s.slot == "squat"
    ]
    assert squat_sets == [
        ("bulgarian_split_squat", "left", 8),
        ("bulgarian_split_squat", "right", None),
        ("glute_bridge", "", 12),
    ]


# -- judging against what was planned ------------------------------------------------------------


def test_a_swapped_move_holds_the_slot_even_when_every_set_was_hit():
    profile = Profile()
    workout = plan_workout(profile, DAY, light=False, workout_id="w").workout
    workout.swap_current(swap(workout.blocks[0].prescription, "split_squat"))
    profile.active = workout
    while not workout.finished:
        assert workout.current is not None
        workout.record(workout.current.target)
    complete_workout(profile, workout, completed=True)
    assert current_rung(profile, "squat") == start_rung("squat")
    assert current_rung(profile, "bridge") == start_rung("bridge") + 1
    assert "squat" not in profile.reasons


def test_a_block_records_the_rung_it_was_planned_at():
    profile = Profile(rungs={"squat": 5})
    workout = plan_workout(profile, DAY, light=False, workout_id="w").workout
    assert block(workout, "squat").rung == 5
    assert Workout.from_dict(workout.to_dict()).blocks[0].rung == 5


# -- long gaps ------------------------------------------------------------------------------


def test_ten_days_off_eases_every_slot_one_rung_and_says_so():
    profile = Profile(rungs={s: start_rung(s) + 3 for s in SLOT_KEYS})
    run(profile, DAY)
    stored = {s: current_rung(profile, s) for s in SLOT_KEYS}
    plan = plan_workout(profile, DAY + timedelta(days=LONG_GAP_DAYS), light=False, workout_id="x")
    assert plan.eased
    for b in plan.workout.blocks:
        assert b.rung == stored[b.slot] - 1
        assert b.prescription == prescription(b.slot, stored[b.slot] - 1)
        assert b.change is None  # last time's step-up reason no longer applies
    assert {s: current_rung(profile, s) for s in SLOT_KEYS} == stored  # nothing stored changed
    assert (
        "it's been a while, so today eases back a step"
        in " ".join(render_plan_notes(EN, plan)).lower()
    )


def test_nine_days_off_is_not_a_long_gap():
    profile = Profile()
    run(profile, DAY)
    plan = plan_workout(
        profile, DAY + timedelta(days=LONG_GAP_DAYS - 1), light=False, workout_id="x"
    )
    assert not plan.eased and render_plan_notes(EN, plan) == []


def test_easing_never_goes_below_the_first_rung():
    profile = Profile(rungs=dict.fromkeys(SLOT_KEYS, 0))
    run(profile, DAY, weak)
    plan = plan_workout(profile, DAY + timedelta(days=60), light=False, workout_id="x")
    assert all(b.rung == 0 for b in plan.workout.blocks)
    assert not plan.eased


def test_a_strong_eased_session_climbs_back_to_where_it_was():
    profile = Profile(rungs={s: start_rung(s) + 3 for s in SLOT_KEYS})
    run(profile, DAY, number=1)
    before = {s: current_rung(profile, s) for s in SLOT_KEYS}
    run(profile, DAY + timedelta(days=20), strong, number=2)
    assert {s: current_rung(profile, s) for s in SLOT_KEYS} == before


def test_a_weak_eased_session_is_judged_against_the_eased_rung():
    profile = Profile(rungs={s: start_rung(s) + 3 for s in SLOT_KEYS})
    run(profile, DAY, weak, number=1)
    run(profile, DAY + timedelta(days=20), weak, number=2)  # second weak session, eased plan
    # Twenty days away eases two rungs; the second weak session steps back from there.
    assert gap_rungs(20) == 2
    assert all(current_rung(profile, s) == start_rung(s) + 3 - 2 - 1 for s in SLOT_KEYS)


def test_no_history_is_no_gap():
    plan = plan_workout(Profile(), DAY, light=False, workout_id="x")
    assert not plan.eased


# -- tempo preference -------------------------------------------------------------------------


def test_the_tempo_preference_applies_to_every_planned_rep():
    profile = Profile(tempo_shift=1)
    plan = plan_workout(profile, DAY, light=False, workout_id="x").workout
    assert all(
        b.prescription.tempo.down == prescription(b.slot, b.rung).tempo.down + 1
        for b in plan.blocks
    )
    quick = plan_workout(Profile(tempo_shift=-3), DAY, light=False, workout_id="y").workout
    assert all(b.prescription.tempo.down == TEMPO_FLOOR for b in quick.blocks)


def test_the_tempo_preference_is_stored_and_bounded():
    assert Profile.from_dict(Profile(tempo_shift=2).to_dict()).tempo_shift == 2
    forged = {**Profile().to_dict(), "tempo": 40}
    assert Profile.from_dict(forged).tempo_shift == 3
    assert Profile.from_dict({**Profile().to_dict(), "tempo": "x"}).tempo_shift == 0


# -- pain memory ----------------------------------------------------------------------------


def test_a_slot_that_hurt_never_steps_up_and_the_next_plan_checks_in_first():
    profile = Profile()
    workout = plan_workout(profile, DAY, light=False, workout_id="w").workout
    profile.active = workout
    profile.note_pain("squat", "knee")
    while not workout.finished:
        assert workout.current is not None
        workout.record(workout.current.target)
    complete_workout(profile, workout, completed=True)
    assert current_rung(profile, "squat") == start_rung("squat")  # every set hit, still held
    assert current_rung(profile, "bridge") == start_rung("bridge") + 1
    nxt = plan_workout(profile, DAY + timedelta(days=2), light=False, workout_id="n").workout
    squat = block(nxt, "squat")
    assert squat.check_in == "knee" and block(nxt, "bridge").check_in == ""
    assert squat.rung == start_rung("squat")
    assert squat.change is not None and squat.change.code is ChangeCode.HOLD_PAIN
    assert "knee" in render_change(EN, squat.change)
    assert Workout.from_dict(nxt.to_dict()).blocks[0].check_in == "knee"


def test_pain_noted_after_a_step_up_takes_the_step_back():
    profile = Profile()
    run(profile, DAY)
    assert current_rung(profile, "squat") == start_rung("squat") + 1
    profile.note_pain("squat", "knee")  # "my knee hurt last time", at the next launch
    assert current_rung(profile, "squat") == start_rung("squat")
    plan = plan_workout(profile, DAY + timedelta(days=2), light=False, workout_id="n").workout
    assert block(plan, "squat").rung == start_rung("squat")


def test_feeling_fine_clears_the_pain_and_the_slot_climbs_again():
    profile = Profile()
    profile.note_pain("squat", "knee")
    run(profile, DAY, number=1)
    assert current_rung(profile, "squat") == start_rung("squat")
    profile.clear_pain("squat")
    assert profile.pain == {} and "squat" not in profile.reasons
    run(profile, DAY + timedelta(days=2), number=2)
    assert current_rung(profile, "squat") == start_rung("squat") + 1


def test_pain_is_stored_and_unknown_joints_or_slots_are_refused():
    profile = Profile()
    profile.note_pain("lateral", "hip")
    assert Profile.from_dict(profile.to_dict()).pain == {"lateral": "hip"}
    forged = {**profile.to_dict(), "pain": {"lateral": "elbow", "nope": "knee", "squat": "knee"}}
    assert Profile.from_dict(forged).pain == {"squat": "knee"}
    with pytest.raises(ValueError):
        profile.note_pain("squat", "elbow")


def test_weak_sets_while_sore_still_step_back():
    profile = Profile(rungs={"squat": start_rung("squat") + 2})
    profile.note_pain("squat", "knee")
    run(profile, DAY, weak, number=1)
    run(profile, DAY + timedelta(days=2), weak, number=2)
    assert current_rung(profile, "squat") == start_rung("squat") + 1


# -- the speech layer says the new moves -------------------------------------------------------


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_move_can_be_introduced_and_counted(key: str):
    rx = Prescription(key, CATALOGUE[key].base_reps)
    from legcoach.coach.workout import Block

    intro = ws.intro_text(Block("squat", rx, 1), "left" if CATALOGUE[key].unilateral else None, EN)
    assert intro and "{" not in intro
    rep = ws.rep_speech(rx, 1, rx.reps, EN)
    assert rep.seconds == pytest.approx(rx.rep_seconds, rel=0.1)


def test_every_ladder_rung_is_a_catalogue_move():
    for slot in SLOT_KEYS:
        assert all(rx.exercise in CATALOGUE for rx in ladder(slot))


def test_the_coach_can_say_every_adjustment():
    assert render_check_in(EN, "knee", "bulgarian_split_squat") == (
        "Last time your knee bothered you on the Bulgarian split squats. Does it feel okay today?"
    )
    assert render_swap(EN, easier("bulgarian_split_squat", "knee")) == (
        "Okay, let's do glute bridges instead."
    )
    assert "gentlest" in render_no_other_version(EN, "glute_bridge", wanted_harder=False)
    assert render_stand_in(EN, "chair", stand_ins("bulgarian_split_squat", "chair")[0]) == (
        "No chair? A couch works just as well."
    )
    tempo, at_floor = faster(Tempo(2, 1, 1))
    assert "two seconds down" in render_tempo_change(EN, tempo, slower=False, at_floor=at_floor)
    assert "four seconds on the way down" in render_tempo_change(
        EN, slower(Tempo(3, 1, 1)), slower=True
    )
    assert "knee" in render_pain_noted(EN, "knee", "air_squat")
