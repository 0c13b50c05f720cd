"""Say less, vary it, and say it right: the launch's talk before the first rep, tips said once,
praise that never repeats within a workout, every move introduced before its first count,
grammar across plural and ordinal forms, and what today's shape, the resume offer, the story
and the home card say, in every locale."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from legcoach.coach import cautions, history, place
from legcoach.coach.intro import Intro, introduced_after, needs_intro
from legcoach.coach.opening import (
    SPEECH_BEFORE_FIRST_REP_S,
    TIPS,
    Overview,
    Welcome,
    next_tip,
    plan_opening,
    take_tip,
)
from legcoach.coach.profile import Profile
from legcoach.coach.progression import complete_workout, plan_workout, start_workout
from legcoach.coach.rhythm import next_leg_day
from legcoach.coach.today import Effort, Length, Shape, body_part, fit, slots_named
from legcoach.coach.workout import Verdict, Workout, expand
from legcoach.settings import Settings, SettingsError
from legcoach.speech import workout_speech as ws
from legcoach.speech.card import MAX_CARD_CHARS, clean, progress_card, workout_card
from legcoach.speech.lines import Lines, locales
from legcoach.speech.opening import (
    audio_before_first_rep,
    intro_words,
    render_opening,
    talk_before_first_rep,
)
from legcoach.speech.ssml import Speech
from legcoach.speech.today import (
    render_best,
    render_body_part,
    render_easier,
    render_fitted,
    render_left_out,
    render_resume_offer,
    render_since,
    render_total,
    status_where,
    where_words,
)
from legcoach.speech.variety import pool, praise
from legcoach.voice.skill import build_handler
from legcoach_dev.local.nlu import Nlu
from support.alexa_rules import check_ssml
from support.coachee import AUDIO_MODE, Coachee, checked
from support.records_view import ViewedStore

DAY = date(2026, 11, 2)
LOCALES = locales()


def say_for(locale: str = "en-US", seed: int = 0) -> Lines:
    return Lines.for_locale(locale, random.Random(seed))


def run(profile: Profile, day: date, count=lambda spec: spec.target) -> Workout:
    workout = plan_workout(profile, day, light=False, workout_id=f"w{day}").workout
    start_workout(profile, workout)
    while not workout.finished:
        assert workout.current is not None
        workout.record(count(workout.current))
    complete_workout(profile, workout, completed=True)
    profile.safety_noted = True
    return workout


def first_response(profile: Profile, say: Lines, *, launched: bool = True) -> Speech:
    """The launch as the voice layer will build it: opening, intro, set-up, whistle."""
    plan = plan_workout(profile, DAY + timedelta(days=2), light=False, workout_id="t")
    opening = plan_opening(profile, launched=launched)
    out = render_opening(say, opening, plan)
    spec = plan.workout.current
    assert spec is not None
    out.say(intro_words(say, spec.block, spec.side, needs_intro(plan.workout, ())))
    out.extend(ws.setup_speech(say, spec.block.prescription.move.setup_seconds))
    out.cue("whistle")
    out.extend(ws.reps_speech(spec.block.prescription, 1, 1, say))
    return out


# -- the first response ------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_a_returning_session_reaches_the_first_rep_in_under_a_minute_of_talk(locale: str):
    profile = Profile()
    run(profile, DAY)
    speech = first_response(profile, say_for(locale))
    talk = talk_before_first_rep(speech)
    assert talk < SPEECH_BEFORE_FIRST_REP_S, talk
    assert audio_before_first_rep(speech) < 120  # warm-up minute included
    check_ssml(speech.ssml(), "launch")


def test_a_returning_launch_is_one_line_of_welcome_and_a_short_overview():
    profile = Profile()
    run(profile, DAY)
    opening = plan_opening(profile, launched=True)
    assert opening.welcome is Welcome.BACK and opening.overview is Overview.SHORT
    assert not opening.safety
    assert plan_opening(profile, launched=False).welcome is Welcome.NONE
    text = first_response(profile, say_for()).text.lower()
    assert "after each set i'll ask" not in text and "quick note before we start" not in text


def test_a_first_session_gets_the_welcome_and_safety_note_once():
    opening = plan_opening(Profile(), launched=True)
    assert opening.welcome is Welcome.FIRST and opening.safety
    text = first_response(Profile(), say_for()).text
    assert "I'm a coach, not medical advice" in text


def test_tips_rotate_and_stop_once_every_one_was_given():
    profile = Profile(safety_noted=True)
    heard = []
    for _ in range(len(TIPS) + 3):
        tip = plan_opening(profile, launched=True).tip
        heard.append(tip)
        take_tip(profile, tip)
        profile = Profile.from_dict(profile.to_dict())  # stored between sessions
    assert heard[: len(TIPS)] == list(TIPS)  # each once, in turn
    assert heard[len(TIPS) :] == ["", "", ""]  # then none
    assert next_tip(TIPS) == ""
    say = say_for()
    assert all(say(f"tip_{t}") for t in TIPS)


# -- praise, earned and varied ------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_no_praise_phrase_is_said_twice_in_one_workout(locale: str):
    say = say_for(locale)
    lines = [praise(say, Verdict.HIT, 12, 12, workout_id="w1", earlier=n) for n in range(12)]
    phrases = [line for line in lines if line != "Twelve."]
    assert len(phrases) == len(set(phrases)) == len(pool(say, Verdict.HIT))
    assert lines[-1] == "Twelve."  # the pool is spent: the count alone may repeat
    assert sum("Nice work" in line for line in lines) <= 1
    # Another workout starts somewhere else in the pool, so sessions do not all open alike.
    firsts = {praise(say, Verdict.HIT, 12, 12, workout_id=f"w{n}", earlier=0) for n in range(20)}
    assert len(firsts) > 3


def test_praise_fits_the_verdict_and_is_read_off_the_workouts_own_sets():
    say = say_for()
    under = praise(say, Verdict.WELL_UNDER, 4, 12, workout_id="w", earlier=0)
    assert under.startswith("Four") and any(w in under for w in ("under", "below", "level"))
    plan = workout()
    targets = [spec.target for spec in plan.sets[:3]]
    for target in targets:
        plan.record(target)
    # The fourth set to hit its target, whatever the session: three earlier ones hit theirs.
    assert plan.judged_as(Verdict.HIT, other_than=3) == 3
    assert plan.judged_as(Verdict.HIT, other_than=0) == 2
    assert plan.judged_as(Verdict.BEAT, other_than=3) == 0


# -- every move introduced before its first count ----------------------------------------------


def workout() -> Workout:
    return plan_workout(Profile(), DAY, light=False, workout_id="w").workout


def test_a_move_never_introduced_gets_the_full_introduction_after_a_skip():
    w = workout()
    introduced = introduced_after((), w)  # the split squat was introduced, then skipped
    w.skip_exercise()
    assert needs_intro(w, introduced) is Intro.FULL


def test_after_a_break_or_a_redo_a_one_leg_move_gets_its_side_said():
    w = workout()
    introduced = introduced_after((), w)
    w.record(8)  # left leg done; the right leg is next, after a break
    assert needs_intro(w, introduced) is Intro.SIDE
    assert needs_intro(w, introduced, mid_set=True) is Intro.NONE


def test_a_swapped_move_is_introduced_as_new():
    w = workout()
    introduced = introduced_after((), w)
    from legcoach.coach.adjust import swap

    w.swap_current(swap(w.current.block.prescription, "glute_bridge"))
    assert needs_intro(w, introduced) is Intro.FULL


def test_a_resume_reintroduces_a_move_in_one_sentence():
    w = workout()
    w.record(8)  # left leg of the split squat, in yesterday's session
    assert needs_intro(w, ()) is Intro.BRIEF
    say = say_for()
    spec = w.current
    line = intro_words(say, spec.block, spec.side, Intro.BRIEF)
    assert line == "Back to the Bulgarian split squats, right leg, eight reps."
    assert line.count(".") == 1


def test_after_a_time_box_drops_moves_the_next_move_is_still_introduced():
    w = workout()
    fit(w, Shape(minutes=5, skip_warmup=True))
    assert needs_intro(w, ()) is Intro.FULL


# -- grammar across plural and ordinal forms ---------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_never_set_one_of_one(locale: str):
    say = say_for(locale)
    for spec in expand(workout().blocks):
        for text in (where_words(say, spec), status_where(say, spec)):
            assert "of one" not in text, text
            if spec.block.sets_per_side == 1:
                assert "set one" not in text, text
    finisher = [s for s in expand(workout().blocks) if s.block.slot == "finisher"]
    assert status_where(say, finisher[1]) == "You're on set two of two of your air squats."
    assert where_words(say, finisher[0]) == "set one of your air squats"


# -- today's shape, said -------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_ten_minutes_is_said_in_one_breath_with_what_was_kept_and_cut(locale: str):
    say = say_for(locale)
    w = workout()
    line = render_fitted(say, fit(w, Shape(minutes=10)))
    assert line.startswith("Okay, ten minutes.")
    assert "shorter rests" in line and "air squats sit out today" in line
    assert "Bulgarian split squats" in line
    check_ssml(Speech().say(line).ssml(), "fitted")


def test_no_lunges_just_bridges_no_warm_up_and_a_hard_day_are_said_plainly():
    say = say_for()
    line = render_fitted(say, fit(workout(), Shape(drop=frozenset(slots_named("lunges")))))
    assert line == "No lateral lunges today."
    line = render_fitted(say, fit(workout(), Shape(only=frozenset(slots_named("bridges")))))
    assert line == "Just the single-leg glute bridges today."
    line = render_fitted(say, fit(workout(), Shape(skip_warmup=True)))
    assert line == "No warm-up, so take the first set gently."
    assert "one more set" in render_fitted(say, fit(workout(), Shape(effort=Effort.HARD)))
    quick = render_fitted(say, fit(workout(), Shape(length=Length.QUICK)))
    assert quick.startswith("A quick one it is.")


def test_the_shortest_version_is_said_when_the_box_is_too_small():
    line = render_fitted(say_for(), fit(workout(), Shape(minutes=2)))
    assert "shortest I can make it" in line and "Bulgarian split squats" in line


def test_arms_get_a_plain_answer_and_an_offer():
    line = render_body_part(say_for(), body_part("arms"))
    assert line.startswith("I'm a leg coach, so I can't train your arms.")
    assert line.endswith("?")
    glutes = render_body_part(say_for(), body_part("glutes"))
    assert "glutes" in glutes and "Bulgarian split squats" in glutes


# -- the place kept, said -------------------------------------------------------------------------


def test_yesterday_you_stopped_after_set_one_of_the_air_squats():
    profile = Profile()
    w = plan_workout(profile, DAY, light=False, workout_id="f").workout
    while w.current is not None and w.current.block.slot != "finisher":
        w.record(w.current.target)
    w.record(12)
    start_workout(profile, w)
    offer = place.offer(profile, DAY + timedelta(days=1))
    assert offer is not None
    line, reprompt = render_resume_offer(say_for(), offer)
    assert line == (
        "Yesterday, you stopped after set one of the air squats. Pick up there, or start today's?"
    )
    assert "?" in reprompt


def test_stopped_between_legs_and_before_a_move_are_said_without_set_numbers():
    profile = Profile()
    w = plan_workout(profile, DAY, light=False, workout_id="g").workout
    w.record(8)
    start_workout(profile, w)
    line, _ = render_resume_offer(say_for(), place.offer(profile, DAY))
    assert line.startswith("Earlier today, you stopped after the left leg of the Bulgarian")
    w.record(8)
    line, _ = render_resume_offer(say_for(), place.offer(profile, DAY + timedelta(days=2)))
    assert line.startswith("Two days ago, you stopped before the single-leg glute bridges.")


def test_pain_at_the_offer_says_which_move_is_left_out_and_what_comes_next():
    w = workout()
    w.record(8)
    w.record(8)
    line = render_left_out(say_for(), place.leave_out_current(w))
    assert (
        line
        == "Okay, we'll leave the single-leg glute bridges out today. On to the lateral lunges."
    )


# -- one story, said ---------------------------------------------------------------------------------


def test_how_many_workouts_counts_the_walked_away_one_and_says_so():
    profile = Profile()
    for n in range(4):
        run(profile, DAY + timedelta(days=2 * n))
    today = DAY + timedelta(days=8)
    w = plan_workout(profile, today, light=False, workout_id="x").workout
    w.record(8)
    start_workout(profile, w)
    say = say_for()
    line = render_total(say, history.story(profile, today))
    assert line.startswith("You've done five workouts with me so far")
    assert "one you stopped part way counts too" in line
    assert "no workouts" not in line.lower()


def test_since_i_started_and_my_best_are_answered_from_the_record():
    profile = Profile()
    run(profile, DAY)
    run(profile, DAY + timedelta(days=9), lambda spec: spec.target + 2)
    today = DAY + timedelta(days=10)
    say = say_for()
    since = render_since(say, history.story(profile, today), today)
    assert since.startswith("Since you started a week ago, you've done two workouts")
    best = render_best(say, history.best(profile), today)
    assert best.startswith("Your best workout was yesterday")
    assert render_best(say, None, today).startswith("No best yet")


def test_why_does_it_feel_easier_is_answered_from_the_record_not_the_theory():
    profile = Profile()
    run(profile, DAY, lambda spec: spec.target - 2)
    run(profile, DAY + timedelta(days=2), lambda spec: spec.target + 2)
    line = render_easier(say_for(), history.why_easier(profile, DAY + timedelta(days=3)))
    assert line.startswith("You've got stronger")
    assert "harder" not in line


def test_a_kept_swap_is_said_before_the_move_and_a_long_gap_says_how_far_it_eased():
    from legcoach.speech.coaching import render_plan_notes
    from legcoach.speech.today import render_learned

    profile = Profile()
    run(profile, DAY)
    cautions.note_swap(profile, "squat", "glute_bridge")
    plan = plan_workout(profile, DAY + timedelta(days=21), light=False, workout_id="r")
    said = [render_learned(say_for(), n) for n in plan.learned]
    assert "Glute bridges again instead of the split squats, as last time." in said
    assert plan.eased_by == 3
    assert render_plan_notes(say_for(), plan) == [
        "It's been twenty-one days, so today eases back three steps."
    ]


# -- the home card ---------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_a_card_after_a_workout_has_the_summary_the_week_and_the_next_leg_day(locale: str):
    profile = Profile()
    w = run(profile, DAY)
    say = say_for(locale)
    story = history.story(profile, DAY)
    next_day = next_leg_day(story.last_day, DAY, story.this_week)
    card = workout_card(say, w, w.summary(), story, next_day, DAY)
    assert card.title and len(card.title) + len(card.text) <= MAX_CARD_CHARS
    lines = card.text.split("\n")
    assert lines[0].startswith("Today: ")
    assert any(line.startswith("This week: one workout") for line in lines)
    assert any(line == "Next leg day: Wednesday, Nov 4." for line in lines)
    data = card.to_dict()
    assert data["type"] == "Standard" and "image" not in data


def test_a_progress_card_after_how_am_i_doing_and_images_only_over_https():
    profile = Profile()
    run(profile, DAY)
    story = history.story(profile, DAY + timedelta(days=3))
    card = progress_card(
        say_for(),
        story,
        next_leg_day(story.last_day, DAY + timedelta(days=3), story.this_week),
        DAY + timedelta(days=3),
        small_image="http://example.com/a.png",
        large_image="https://example.com/b.png",
    )
    assert card.title == "Your leg progress"
    assert "Next leg day: today, whenever you're ready." in card.text
    assert card.to_dict()["image"] == {"largeImageUrl": "https://example.com/b.png"}


SMALL_PICTURE = "https://cdn.example.com/legs-720.png"
LARGE_PICTURE = "https://cdn.example.com/legs-1200.png"


def test_a_deployment_with_a_card_picture_shows_it_on_every_home_card(nlu: Nlu):
    store = ViewedStore()
    settings = Settings(audio=AUDIO_MODE[0], card_images=(SMALL_PICTURE, LARGE_PICTURE))
    coachee = Coachee(nlu, store=store, handler=checked(build_handler(store, settings=settings)))
    goodbye = coachee.finish_workout()
    picture = {"smallImageUrl": SMALL_PICTURE, "largeImageUrl": LARGE_PICTURE}
    card = goodbye.response["response"]["card"]  # the first workout's card, at the goodbye
    assert card["type"] == "Standard" and card["image"] == picture
    assert "Next leg day" in card["text"]
    progress = coachee.say("how am I doing")
    assert progress.response["response"]["card"]["image"] == picture
    # Without a picture configured, the same cards are text alone.
    plain = Coachee(nlu).finish_workout().response["response"]["card"]
    assert plain["type"] == "Standard" and "image" not in plain


@pytest.mark.parametrize("url", ["http://cdn.example.com/a.png", "https://cdn.example.com/a.gif"])
def test_a_card_picture_alexa_cannot_show_refuses_to_start(url: str):
    with pytest.raises(SettingsError, match="CARD_IMAGE_LARGE_URL"):
        Settings.read({"CARD_IMAGE_LARGE_URL": url})
    assert Settings.read({"CARD_IMAGE_SMALL_URL": SMALL_PICTURE}).card_images == (SMALL_PICTURE, "")


def test_card_text_is_plain_and_bounded():
    assert clean("Squats <b>&</b>\x07 done\n\n  ok ") == "Squats b&/b done\nok"
    profile = Profile()
    w = run(profile, DAY)
    story = history.story(profile, DAY)
    card = workout_card(say_for(), w, w.summary(), story, None, DAY)
    assert "<" not in card.text and "Next leg day" not in card.text
