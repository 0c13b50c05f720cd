"""Today's shape: a time box, no warm-up, moves left out or kept, an easy or a hard day, a body
part this coach does not train; and progression staying honest about a shaped day. Pure rules."""

from __future__ import annotations

from datetime import date

import pytest
from legcoach.coach.ladder import SLOTS, start_rung
from legcoach.coach.profile import Profile
from legcoach.coach.progression import complete_workout, current_rung, plan_workout
from legcoach.coach.today import (
    BOX_REST,
    BodyPart,
    CutKind,
    Effort,
    Length,
    Shape,
    body_part,
    fit,
    fit_remaining,
    plan_today,
    slots_named,
)
from legcoach.coach.workout import Workout

DAY = date(2026, 11, 2)
SLOT_KEYS = [s.key for s in SLOTS]


def planned(profile: Profile | None = None) -> Workout:
    return plan_workout(profile or Profile(), DAY, light=False, workout_id="w").workout


def do_all(workout: Workout, count=lambda spec: spec.target) -> None:
    while not workout.finished:
        assert workout.current is not None
        workout.record(count(workout.current))


# -- the time box ---------------------------------------------------------------------------------


def test_a_usual_day_is_left_as_planned():
    workout = planned()
    before = workout.to_dict()
    fitted = fit(workout, Shape())
    assert not fitted.changed and fitted.fits
    assert workout.to_dict() == before


@pytest.mark.parametrize("minutes", [3, 5, 7, 10, 12])
def test_a_time_box_fits_the_plan_inside_it_or_says_it_cannot(minutes: int):
    workout = planned()
    full = workout.estimated_seconds()
    fitted = fit(workout, Shape(minutes=minutes))
    assert fitted.budget_seconds == max(3, minutes) * 60
    if fitted.fits:
        assert workout.estimated_seconds() <= minutes * 60 < full
    else:
        assert len(workout.blocks) == 1  # the shortest it can be: one move
    assert fitted.kept == tuple(b.prescription.exercise for b in workout.blocks)
    assert len(fitted.kept) >= 1


def test_ten_minutes_shortens_the_rests_and_drops_moves_from_the_least_important():
    workout = planned()
    fitted = fit(workout, Shape(minutes=10))
    assert fitted.shorter_rests
    assert all(b.prescription.rest == BOX_REST for b in workout.blocks)
    assert fitted.kept[0] == "bulgarian_split_squat"  # the backbone stays
    assert fitted.dropped == ("air_squat",)  # the finisher goes first
    assert workout.estimated_seconds() <= 600


def test_five_minutes_keeps_the_split_squat_and_says_everything_it_cut():
    workout = planned()
    fitted = fit(workout, Shape(minutes=5))
    assert fitted.kept == ("bulgarian_split_squat",)
    assert set(fitted.dropped) == {"single_leg_glute_bridge", "lateral_lunge", "air_squat"}
    assert all(c.kind is CutKind.DROPPED and not c.asked for c in fitted.cuts)


def test_a_quick_one_is_a_ten_minute_box_and_a_long_one_adds_a_set_of_everything():
    assert Shape(length=Length.QUICK).budget_seconds == 600
    workout = planned()
    usual = [b.sets_per_side for b in workout.blocks]
    fitted = fit(workout, Shape(length=Length.LONG))
    assert [b.sets_per_side for b in workout.blocks] == [n + 1 for n in usual]
    assert all(c.kind is CutKind.MORE_SETS for c in fitted.cuts)


def test_a_box_with_fewer_sets_keeps_the_usual_count_for_progression():
    workout = planned()
    # Sixteen minutes with a long session's extra sets: the sets come back down for time.
    fitted = fit(workout, Shape(minutes=11, length=Length.LONG))
    assert fitted.fits
    for b in workout.blocks:
        usual = next(s.sets_per_side for s in SLOTS if s.key == b.slot)
        assert (b.usual_sets or b.sets_per_side) == usual


def test_a_time_boxed_day_never_steps_a_move_up_on_cut_sets():
    profile = Profile()
    workout = planned(profile)
    fitted = fit(workout, Shape(minutes=12))
    finisher = next(b for b in workout.blocks if b.slot == "finisher")
    assert finisher.usual_sets == 2 and finisher.sets_per_side == 1, fitted
    profile.active = workout
    do_all(workout)
    complete_workout(profile, workout, completed=True)
    assert current_rung(profile, "finisher") == start_rung("finisher")  # cut: held
    assert current_rung(profile, "squat") == start_rung("squat") + 1  # whole: stepped up


def test_a_move_dropped_for_time_is_not_judged_at_all():
    profile = Profile(weak_streak={"finisher": 1})
    workout = planned(profile)
    fit(workout, Shape(minutes=5))
    profile.active = workout
    do_all(workout, lambda spec: spec.target // 2)  # weak: would be a second weak session
    complete_workout(profile, workout, completed=True)
    assert current_rung(profile, "finisher") == start_rung("finisher")
    assert profile.weak_streak["finisher"] == 1  # untouched: not a missed session
    assert current_rung(profile, "squat") == start_rung("squat")  # the weak move held


def test_extra_sets_on_a_hard_day_are_not_judged():
    profile = Profile()
    workout = planned(profile)
    fit(workout, Shape(effort=Effort.HARD))

    def tired_on_the_extra_round(spec):
        return spec.target if spec.round <= (spec.block.usual_sets or 99) else 1

    profile.active = workout
    do_all(workout, tired_on_the_extra_round)
    complete_workout(profile, workout, completed=True)
    assert all(current_rung(profile, s) == start_rung(s) + 1 for s in SLOT_KEYS)


def test_a_time_box_mid_workout_keeps_every_logged_set_and_the_one_in_progress():
    workout = planned()
    workout.record(8)
    workout.record(8)  # both sides of the split squat
    logged = list(workout.counts)
    current = workout.current
    assert current is not None
    fitted = fit_remaining(workout, Shape(minutes=4))
    assert workout.counts == logged and workout.cursor == 2
    assert workout.current is not None
    assert workout.current.block.slot == current.block.slot  # the bridge in progress stays
    assert fitted.kept[0] == current.block.prescription.exercise
    assert "bulgarian_split_squat" not in fitted.dropped


# -- asked for today ------------------------------------------------------------------------------


def test_skip_the_warm_up_takes_its_minute_off_the_plan():
    workout = planned()
    full = workout.estimated_seconds()
    fitted = fit(workout, Shape(skip_warmup=True))
    assert fitted.skip_warmup and not workout.warmup
    assert workout.estimated_seconds() == full - 60
    assert Workout.from_dict(workout.to_dict()).warmup is False
    assert Workout.from_dict({**workout.to_dict(), "warmup": None}).warmup is False
    assert Workout.from_dict({k: v for k, v in workout.to_dict().items() if k != "warmup"}).warmup


def test_no_lunges_today_drops_the_lateral_move_only():
    workout = planned()
    fitted = fit(workout, Shape(drop=frozenset(slots_named("lunges"))))
    assert fitted.dropped == ("lateral_lunge",)
    assert fitted.cuts[0].asked
    assert "lateral_lunge" not in fitted.kept and len(fitted.kept) == 3


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("squats", ("bulgarian_split_squat", "air_squat")),
        ("bridges", ("single_leg_glute_bridge",)),
        ("only the bridges", ()),  # the voice layer sends the move, not the sentence
        ("lateral_lunge", ("lateral_lunge",)),
    ],
)
def test_just_one_move_keeps_only_that_move(said: str, kept: tuple[str, ...]):
    workout = planned()
    slots = slots_named(said)
    fitted = fit(workout, Shape(only=frozenset(slots)))
    if kept:
        assert fitted.kept == kept
    else:
        assert slots == () and len(fitted.kept) == 4


def test_leaving_every_move_out_is_not_applied():
    workout = planned()
    fitted = fit(workout, Shape(drop=frozenset(SLOT_KEYS)))
    assert len(fitted.kept) == 4 and not fitted.cuts and fitted.kept_all
    assert not fit(planned(), Shape(drop=frozenset(slots_named("lunges")))).kept_all


def test_an_easy_day_is_the_light_session_and_a_hard_day_one_set_more():
    profile = Profile()
    easy, _ = plan_today(profile, DAY, Shape(effort=Effort.EASY), workout_id="e")
    assert easy.light and all(b.sets_per_side == 1 for b in easy.workout.blocks)
    hard, fitted = plan_today(profile, DAY, Shape(effort=Effort.HARD), workout_id="h")
    assert [b.sets_per_side for b in hard.workout.blocks] == [2, 2, 2, 3]
    assert fitted.cuts and all(c.kind is CutKind.MORE_SETS for c in fitted.cuts)


def test_moves_are_named_by_family_catalogue_key_or_slot():
    assert slots_named("squat") == ("squat", "finisher")
    assert slots_named("Lunges") == ("lateral",)
    assert slots_named("reverse lunge") == ("squat",)  # on the split squat's chain
    assert slots_named("side-lying leg raise") == ("lateral",)
    assert slots_named("arms") == ()


def test_a_shape_survives_the_session_and_rejects_what_it_does_not_know():
    shape = Shape(10, Length.QUICK, True, frozenset({"lateral"}), frozenset(), Effort.HARD)
    assert Shape.from_dict(shape.to_dict()) == shape
    forged = {"min": "lots", "len": "forever", "drop": ["arms", "bridge"], "effort": 3}
    assert Shape.from_dict(forged) == Shape(drop=frozenset({"bridge"}))
    assert Shape.from_dict(None) == Shape()


def test_a_later_request_is_laid_over_an_earlier_one():
    first = Shape(minutes=10)
    later = first.merged(Shape(drop=frozenset({"lateral"}), skip_warmup=True))
    assert later == Shape(minutes=10, skip_warmup=True, drop=frozenset({"lateral"}))


# -- another body part ----------------------------------------------------------------------------


def test_arms_are_not_legs_and_a_quick_leg_session_is_offered_instead():
    answer = body_part("arms")
    assert answer.kind is BodyPart.NOT_LEGS and answer.offer_minutes == 10


def test_glutes_are_legs_and_the_moves_that_work_them_are_named():
    answer = body_part("glutes")
    assert answer.kind is BodyPart.LEGS and answer.slots == ("squat", "bridge")


def test_a_move_not_begun_may_go_even_when_the_one_before_it_is_done():
    """Stopped after the split squats, 'no bridges today' on coming back: the bridges go,
    every logged set stays."""
    workout = planned()
    while workout.current is not None and workout.current.block_index == 0:
        workout.record(8)
    logged = list(workout.counts)
    assert workout.current is not None and workout.current.first_of_block
    fitted = fit_remaining(workout, Shape(drop=frozenset(slots_named("bridges"))))
    assert "single_leg_glute_bridge" in fitted.dropped
    assert workout.counts == logged
    assert workout.current is not None
    assert workout.current.block.prescription.exercise != "single_leg_glute_bridge"


def test_no_chair_today_does_the_chair_moves_without_one_and_keeps_the_rest():
    workout = planned()
    before = [b.prescription.exercise for b in workout.blocks]
    fitted = fit(workout, Shape(without=frozenset({"chair"})))
    after = [b.prescription.exercise for b in workout.blocks]
    assert fitted.swapped == (("chair", "split_squat"),)
    assert (
        after == ["split_squat" if e == "bulgarian_split_squat" else e for e in before]
        and "bulgarian_split_squat" in before
    )
    assert fitted.changed and len(fitted.kept) == 4
    # Kept for the rest of the session, and nothing it does not know comes back.
    shape = Shape.from_dict(Shape(without=frozenset({"chair"})).to_dict())
    assert shape.without == frozenset({"chair"})
    assert Shape.from_dict({"nokit": ["hoverboard", 3]}).without == frozenset()
    assert Shape.from_dict({"nokit": "chair"}).without == frozenset()


def test_a_missing_item_no_move_needs_changes_nothing():
    workout = planned()
    fitted = fit(workout, Shape(without=frozenset({"wall"})))
    assert fitted.swapped == () and not fitted.changed
