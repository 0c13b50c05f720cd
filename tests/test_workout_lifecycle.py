"""Starting, logging, finishing and closing a workout: an unfinished workout is always closed and
counted before another replaces it, whichever path replaces it."""

from __future__ import annotations

from datetime import date

from legcoach.coach.profile import Profile
from legcoach.coach.progression import (
    close_unfinished,
    finish_workout,
    log_progress,
    plan_workout,
    start_workout,
)
from legcoach.coach.workout import Workout

DAY = date(2026, 11, 24)


def planned(profile: Profile, workout_id: str):
    return plan_workout(profile, DAY, light=False, workout_id=workout_id).workout


def test_starting_a_workout_closes_and_counts_the_unfinished_one() -> None:
    profile = Profile()
    first = planned(profile, "a")
    start_workout(profile, first)
    first.record(8)
    first.record(7)
    start_workout(profile, planned(profile, "b"))
    assert profile.active is not None and profile.active.id == "b"
    (closed,) = profile.recent
    assert closed.id == "a" and not closed.completed
    assert [s.count for s in closed.sets] == [8, 7]


def test_logging_a_workout_that_is_not_the_active_one_closes_the_active_first() -> None:
    # A read that failed and came back: the session's workout meets the stored unfinished one.
    profile = Profile()
    stored = planned(profile, "stored")
    stored.record(9)
    profile.active = stored
    session = planned(profile, "session")
    session.record(8)
    log_progress(profile, session)
    assert profile.active is session
    assert [(r.id, [s.count for s in r.sets]) for r in profile.recent] == [("stored", [9])]


def test_logging_the_same_workout_again_changes_nothing_else() -> None:
    profile = Profile()
    workout = planned(profile, "a")
    start_workout(profile, workout)
    workout.record(8)
    log_progress(profile, workout)
    assert profile.active is workout and profile.recent == []


def test_finishing_stores_and_judges_the_workout_once() -> None:
    profile = Profile()
    workout = planned(profile, "a")
    start_workout(profile, workout)
    while not workout.finished:
        assert workout.current is not None
        workout.record(workout.current.target)
    stepped = finish_workout(profile, workout)
    assert profile.active is None and stepped
    rungs = dict(profile.rungs)
    finish_workout(profile, workout)  # the same workout again (another device): not re-judged
    assert profile.rungs == rungs and len(profile.recent) == 1


def test_closing_with_nothing_logged_stores_nothing() -> None:
    profile = Profile()
    start_workout(profile, planned(profile, "a"))
    assert close_unfinished(profile) is True
    assert profile.active is None and profile.recent == []
    assert close_unfinished(profile) is False


def test_a_copy_behind_the_stored_workout_catches_up_instead_of_writing_sets_away() -> None:
    # A stale or forged session holds the workout as it was two sets ago.
    profile = Profile()
    stored = planned(profile, "a")
    start_workout(profile, stored)
    for count in (8, 7, 9):
        stored.record(count)
    behind = Workout.from_dict(stored.to_dict())
    behind.counts, behind.cursor = [8], 1
    behind.record(6)  # this session logs its own second set
    log_progress(profile, behind)
    assert profile.active is behind
    assert behind.counts == [8, 6, 9] and behind.cursor == 3
