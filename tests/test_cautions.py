"""What the coach learned stays: a pain note, a swap, a health caution and a tempo preference
carry into the next plans (and the stored record); a long gap eases back in proportion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from legcoach.coach import cautions
from legcoach.coach.cautions import NoteKind, gap_rungs
from legcoach.coach.ladder import SLOTS, ladder, prescription, start_rung
from legcoach.coach.profile import Profile
from legcoach.coach.progression import complete_workout, current_rung, plan_workout
from legcoach.coach.workout import Workout

DAY = date(2026, 11, 2)
SLOT_KEYS = [s.key for s in SLOTS]


def plan(profile: Profile, day: date = DAY):
    return plan_workout(profile, day, light=False, workout_id=f"w{day.isoformat()}")


def run(profile: Profile, day: date, count=lambda spec: spec.target) -> Workout:
    workout = plan(profile, day).workout
    profile.active = workout
    while not workout.finished:
        assert workout.current is not None
        workout.record(count(workout.current))
    complete_workout(profile, workout, completed=True)
    return workout


def stored(profile: Profile) -> Profile:
    return Profile.from_dict(profile.to_dict())


def block(workout: Workout, slot: str):
    return next(b for b in workout.blocks if b.slot == slot)


# -- a swap is kept ---------------------------------------------------------------------------


def test_a_swapped_move_comes_back_next_time_until_the_user_says_otherwise():
    profile = Profile()
    cautions.note_swap(profile, "squat", "glute_bridge")
    profile = stored(profile)
    tomorrow = plan(profile, DAY + timedelta(days=2))
    squat = block(tomorrow.workout, "squat")
    assert squat.prescription.exercise == "glute_bridge"
    assert squat.rung == start_rung("squat")  # still the ladder's place, for judging
    assert any(
        n.kind is NoteKind.KEPT_SWAP and n.instead_of == "bulgarian_split_squat"
        for n in tomorrow.learned
    )
    assert cautions.clear_swap(profile, "squat")
    after = plan(profile, DAY + timedelta(days=4))
    assert block(after.workout, "squat").prescription.exercise == "bulgarian_split_squat"


def test_a_kept_swap_holds_the_ladder_rung_however_well_it_goes():
    profile = Profile()
    cautions.note_swap(profile, "squat", "glute_bridge")
    run(profile, DAY)
    assert current_rung(profile, "squat") == start_rung("squat")
    assert current_rung(profile, "bridge") == start_rung("bridge") + 1


def test_an_unknown_swap_is_refused_and_a_forged_one_is_dropped_on_load():
    with pytest.raises(ValueError):
        cautions.note_swap(Profile(), "arms", "curl")
    loaded = Profile.from_dict({"swaps": {"squat": "curl", "arms": "glute_bridge"}})
    assert loaded.swaps == {}


# -- pain and health cautions --------------------------------------------------------------------


def test_the_day_after_knee_pain_and_a_swap_the_swapped_move_gets_a_knee_check():
    profile = Profile()
    run(profile, DAY)
    profile.note_pain("squat", "knee")
    cautions.note_swap(profile, "squat", "assisted_split_squat")
    profile = stored(profile)
    tomorrow = plan(profile, DAY + timedelta(days=1)).workout
    squat = block(tomorrow, "squat")
    assert squat.prescription.exercise == "assisted_split_squat"
    assert squat.check_in == "knee"


def test_a_health_caution_puts_a_check_before_every_move_that_loads_the_joint():
    profile = Profile()
    cautions.note_caution(profile, "knee", DAY)
    profile = stored(profile)
    result = plan(profile, DAY + timedelta(days=3))
    checked = {b.slot for b in result.workout.blocks if b.check_in == "knee"}
    assert checked == {"squat", "lateral", "finisher"}  # the bridge does not load the knee
    assert {n.slot for n in result.learned if n.kind is NoteKind.CHECK} == checked
    assert cautions.clear_caution(profile, "knee")
    assert not any(b.check_in for b in plan(profile).workout.blocks)


def test_a_caution_on_an_unknown_joint_is_refused():
    with pytest.raises(ValueError):
        cautions.note_caution(Profile(), "elbow", DAY)
    assert Profile.from_dict({"cautions": {"elbow": "2026-11-02"}}).cautions == {}


def test_a_tempo_preference_carries_to_the_next_session():
    profile = stored(Profile(tempo_shift=1))
    workout = plan(profile, DAY + timedelta(days=2)).workout
    assert all(
        b.prescription.tempo.down == prescription(b.slot, b.rung).tempo.down + 1
        for b in workout.blocks
    )


# -- a long gap eases back in proportion ------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "rungs"), [(0, 0), (9, 0), (10, 1), (13, 1), (14, 2), (21, 3), (28, 4), (90, 6)]
)
def test_the_ease_back_grows_with_the_time_away(days: int, rungs: int):
    assert gap_rungs(days) == rungs


def test_after_three_weeks_the_top_bridge_loses_its_pulses_dead_stop_and_slow_lowering():
    top = len(ladder("bridge")) - 1
    profile = Profile(rungs={"bridge": top})
    run(profile, DAY)  # at the top, it stays there
    result = plan(profile, DAY + timedelta(days=21))
    bridge = block(result.workout, "bridge").prescription
    assert prescription("bridge", top).pulses and prescription("bridge", top).dead_stop
    assert not bridge.pulses and not bridge.dead_stop and bridge.tempo.down == 3
    assert result.eased and result.eased_by == 3 and result.days_away == 21


def test_a_strong_session_after_a_long_gap_goes_back_to_where_the_user_was():
    profile = Profile(rungs={s: start_rung(s) + 4 for s in SLOT_KEYS})
    run(profile, DAY)
    before = {s: current_rung(profile, s) for s in SLOT_KEYS}
    run(profile, DAY + timedelta(days=30))  # eased four rungs, every set on target
    assert {s: current_rung(profile, s) for s in SLOT_KEYS} == before


def test_old_records_without_the_new_fields_load_with_nothing_learned():
    old = {"schema": 3, "rungs": {"squat": 2}, "folded": {"sessions": 3, "reps": 90}}
    profile = Profile.from_dict(old)
    assert profile.swaps == {} and profile.cautions == {} and profile.tips_used == []
    assert profile.folded.best_reps == 0
    again = Profile.from_dict(profile.to_dict())
    assert again.rungs == {"squat": 2} and again.folded.sessions == 3


def test_what_was_learned_is_a_record_the_store_accepts_and_loads_back():
    from legcoach.storage import readable_profile

    profile = Profile()
    run(profile, DAY)
    cautions.note_swap(profile, "squat", "glute_bridge")
    cautions.note_caution(profile, "knee", DAY)
    profile.tips_used.append("interrupt")
    profile.folded.best_reps, profile.folded.best_day = 120, "2026-10-01"
    data = profile.to_dict()
    readable_profile(data)  # raises if the store would set it aside
    again = Profile.from_dict(data)
    assert again.swaps == {"squat": "glute_bridge"} and again.cautions == {"knee": "2026-11-02"}
    assert again.tips_used == ["interrupt"] and again.folded.best_reps == 120
