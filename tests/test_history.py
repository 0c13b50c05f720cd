"""One story of what happened, and the place kept as a promise: reports, answers and progression
agree about a walked-away workout; an unfinished one is offered back for two days, then closed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from legcoach.coach import history, place, reports
from legcoach.coach.history import Easier
from legcoach.coach.ladder import start_rung
from legcoach.coach.profile import Profile
from legcoach.coach.progression import (
    complete_workout,
    current_rung,
    plan_workout,
    start_workout,
)
from legcoach.coach.workout import Workout

DAY = date(2026, 11, 2)  # a Monday


def stamp(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, 9, tzinfo=UTC).timestamp())


def run(profile: Profile, day: date, count=lambda spec: spec.target) -> Workout:
    workout = plan_workout(profile, day, light=False, workout_id=f"w{day}").workout
    start_workout(profile, workout)
    while not workout.finished:
        assert workout.current is not None
        workout.record(count(workout.current))
    complete_workout(profile, workout, completed=True)
    return workout


def walk_away_after(profile: Profile, day: date, sets: int) -> Workout:
    workout = plan_workout(profile, day, light=False, workout_id=f"u{day}").workout
    for _ in range(sets):
        assert workout.current is not None
        workout.record(workout.current.target)
    workout.touched = stamp(day)
    start_workout(profile, workout)
    return workout


# -- one story ------------------------------------------------------------------------------------


def test_a_walked_away_workout_counts_in_every_report_while_it_waits():
    profile = Profile()
    walk_away_after(profile, DAY, 2)
    progress = reports.how_am_i_doing(profile, DAY)
    week = reports.this_week(profile, DAY)
    last = reports.last_time(profile, DAY)
    told = history.story(profile, DAY)
    assert progress.sessions == week.count == told.workouts == 1
    assert told.unfinished == 1 and progress.reps == told.reps == 16
    assert last.days_ago == 0 and last.reps == 16


def test_once_closed_the_walked_away_workout_is_counted_once_not_twice():
    profile = Profile()
    walk_away_after(profile, DAY, 2)
    assert place.expire(profile, DAY + timedelta(days=3))
    assert profile.active is None
    told = history.story(profile, DAY + timedelta(days=3))
    assert told.workouts == 1 and told.unfinished == 1


def test_four_workouts_are_four_everywhere_mid_workout_and_across_weeks():
    profile = Profile()
    for offset in (-5, -3, 0, 2):  # two last week, two this week
        run(profile, DAY + timedelta(days=offset))
    today = DAY + timedelta(days=4)
    walk_away_after(profile, today, 1)  # a fifth, in progress
    told = history.story(profile, today)
    assert told.workouts == 5 and told.this_week == 3
    assert reports.how_am_i_doing(profile, today).sessions == 5
    assert history.user_facts(profile, today).sessions_completed == 5
    assert told.first_day == DAY - timedelta(days=5) and told.weeks == 1


def test_my_best_is_the_biggest_workout_and_the_biggest_set_on_record():
    profile = Profile()
    run(profile, DAY)
    run(profile, DAY + timedelta(days=2), lambda spec: spec.target + 2)
    best = history.best(profile)
    assert best is not None
    assert best.day == (DAY + timedelta(days=2)).isoformat()
    assert best.count == max(s.count or 0 for r in profile.recent for s in r.sets)
    assert history.best(Profile()) is None


def test_the_best_survives_folding_old_workouts_into_totals():
    profile = Profile()
    run(profile, DAY, lambda spec: spec.target + 5)  # the big one, soon folded away
    for n in range(1, 14):
        run(profile, DAY + timedelta(days=2 * n), lambda spec: 1)
    assert profile.folded.sessions >= 1
    best = history.best(Profile.from_dict(profile.to_dict()))
    assert best is not None and best.day == DAY.isoformat()


# -- why does it feel easier ------------------------------------------------------------------------


def test_easier_because_the_same_move_now_gets_more_reps():
    profile = Profile()
    run(profile, DAY, lambda spec: spec.target - 1)
    run(profile, DAY + timedelta(days=2), lambda spec: spec.target + 3)
    answer = history.why_easier(profile, DAY + timedelta(days=3))
    assert answer.reason is Easier.STRONGER and answer.after > answer.before


def test_easier_because_today_is_eased_after_time_away():
    profile = Profile(rungs={"squat": start_rung("squat") + 3})
    run(profile, DAY)
    today = DAY + timedelta(days=21)
    workout = plan_workout(profile, today, light=False, workout_id="t").workout
    answer = history.why_easier(profile, today, workout, days_away=21)
    assert answer.reason is Easier.EASED_GAP and answer.days == 21


def test_easier_because_the_coach_stepped_a_move_back_after_two_tough_sessions():
    profile = Profile()
    run(profile, DAY, lambda spec: spec.target // 2)
    run(profile, DAY + timedelta(days=2), lambda spec: spec.target // 2)
    assert current_rung(profile, "squat") == start_rung("squat") - 1
    assert history.why_easier(profile, DAY + timedelta(days=3)).reason is Easier.STEPPED_BACK


def test_too_early_to_say_with_one_workout_and_light_when_today_is_light():
    profile = Profile()
    run(profile, DAY)
    assert history.why_easier(profile, DAY).reason is Easier.TOO_EARLY
    light = plan_workout(profile, DAY, light=True, workout_id="l").workout
    assert history.why_easier(profile, DAY, light).reason is Easier.LIGHT


# -- the place is a promise --------------------------------------------------------------------------


def test_an_unfinished_workout_is_offered_back_the_next_day_and_the_day_after():
    profile = Profile()
    workout = walk_away_after(profile, DAY, 3)  # squat both sides, bridge done
    for days in (0, 1, 2):
        assert not place.expire(profile, DAY + timedelta(days=days))
        offer = place.offer(profile, DAY + timedelta(days=days))
        assert offer is not None and offer.days_ago == days
    assert offer.exercise == workout.current.block.prescription.exercise
    assert offer.sets_done == 3 and offer.round == 1 and offer.sets_per_side == 1


def test_after_two_days_it_is_closed_and_counted_and_no_longer_offered():
    profile = Profile()
    walk_away_after(profile, DAY, 2)
    later = DAY + timedelta(days=place.KEEP_DAYS + 1)
    assert place.expire(profile, later)
    assert place.offer(profile, later) is None
    assert profile.recent[-1].completed is False and profile.recent[-1].reps == 16


def test_stopped_part_way_through_a_move_says_the_set_just_done():
    profile = Profile()
    workout = plan_workout(profile, DAY, light=False, workout_id="f").workout
    while workout.current is not None and workout.current.block.slot != "finisher":
        workout.record(workout.current.target)
    workout.record(12)  # set one of the air squats
    workout.touched = stamp(DAY)
    start_workout(profile, workout)
    offer = place.offer(profile, DAY + timedelta(days=1))
    assert offer is not None and offer.stop is place.Stop.AFTER_SET
    assert (offer.done_exercise, offer.done_round, offer.round) == ("air_squat", 1, 2)


def test_at_the_offer_again_go_back_yes_and_carry_on_all_resume():
    for intent in ("AMAZON.YesIntent", "AMAZON.RepeatIntent", "AMAZON.PreviousIntent"):
        assert place.answer(intent) is place.AtOffer.RESUME
    assert place.answer("AMAZON.ResumeIntent") is place.AtOffer.RESUME
    assert place.answer("AMAZON.NoIntent") is place.AtOffer.FRESH
    assert place.answer("PainIntent", pain=True) is place.AtOffer.LEAVE_OUT
    assert place.answer("ProgressIntent") is None


def test_pain_at_the_offer_leaves_that_move_out_and_keeps_what_was_logged():
    profile = Profile()
    workout = walk_away_after(profile, DAY, 2)
    logged = list(workout.counts)
    left = place.leave_out_current(workout)
    assert left.exercise == "single_leg_glute_bridge"
    assert left.next_exercise == "lateral_lunge"
    assert workout.counts[:2] == logged and workout.counts[2:] == [None, None]


def test_a_workout_with_nothing_logged_is_not_offered():
    profile = Profile()
    workout = plan_workout(profile, DAY, light=False, workout_id="e").workout
    start_workout(profile, workout)
    assert place.offer(profile, DAY) is None
    assert place.expire(profile, DAY) is False or profile.active is None


def test_the_days_kept_are_counted_on_the_devices_calendar():
    from datetime import timezone

    sydney = timezone(timedelta(hours=10))
    profile = Profile()
    workout = walk_away_after(profile, DAY, 1)
    # 22:00 UTC on the 1st is 08:00 on the 2nd in Sydney: day 0 there, not day 1.
    workout.touched = int(datetime(2026, 11, 1, 22, tzinfo=UTC).timestamp())
    assert place.age_days(workout, DAY, sydney) == 0
    assert place.age_days(workout, DAY) == 1
    assert not place.expire(profile, DAY + timedelta(days=2), sydney)
