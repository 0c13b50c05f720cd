"""Answers to the questions a user can ask at any moment ("how often should I train legs?").

The words are data, kept apart from the code that picks and personalises them, so another
language is one more entry in ``ANSWERS``, ``PHRASES`` and ``EXAMPLES`` (plus a number speller).
Every line is written in our own words from the coaching facts (docs: COACHING.md); none is
copied from the source article. Answers are plain text: the speech builder escapes them.

The lead's handlers map an intent to a topic with ``QUESTION_INTENTS`` and call ``answer``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .exercises import CATALOGUE
from .numbers import number_words

DEFAULT_LANGUAGE = "en"

# Intent name -> topic key. Every question intent in interaction_models/source/intents/
# questions.toml is listed here.
QUESTION_INTENTS: dict[str, str] = {
    "FrequencyIntent": "frequency",
    "NoWeightsIntent": "no_weights",
    "ResultsTimeIntent": "results_time",
    "ToningIntent": "toning",
    "BulkyIntent": "bulky",
    "TimeUnderTensionIntent": "time_under_tension",
    "ProgressiveOverloadIntent": "progressive_overload",
    "NotWorkingIntent": "not_working",
    "BestExerciseIntent": "best_exercise",
    "InnerThighsIntent": "inner_thighs",
    "GlutesIntent": "glutes",
    "PulsesIntent": "pulses",
    "DeadStopIntent": "dead_stop",
    "UnilateralIntent": "unilateral",
    "HowToIntent": "how_to",
}

# The slot HowToIntent carries (its values' ids are CATALOGUE keys).
HOW_TO_SLOT = "exercise"


@dataclass(frozen=True)
class UserFacts:
    """What the stored history says about this user (the lead fills it in)."""

    sessions_completed: int = 0
    first_day: date | None = None
    last_day: date | None = None
    today: date | None = None
    sessions_this_week: int = 0


@dataclass(frozen=True)
class AnswerSpec:
    """One topic's answer in one language: two or three short sentences, spoken as written.

    Personal lines (``PHRASES``) are appended for the topics that use them, so ``text`` stays
    short enough to leave room for one more sentence.
    """

    text: str


ANSWERS: dict[str, dict[str, AnswerSpec]] = {
    "en": {
        "frequency": AnswerSpec(
            "Two to three leg sessions a week suits most people. "
            "With bodyweight moves only, training every other day works well too. "
            "Your legs firm up while they recover, so rest days count as much as workouts."
        ),
        "no_weights": AnswerSpec(
            "Yes, you can tone your legs with no weights and no gym at all. "
            "Train one leg at a time, slow every rep right down, and take each set close to "
            "failure, where one more rep is a real fight. "
            "That gives your muscles every reason to change."
        ),
        "results_time": AnswerSpec(
            "Most people feel their legs getting tighter within two to three weeks. "
            "Definition you can actually see tends to take six to eight weeks, as long as "
            "each session asks a little more than the last and you eat well."
        ),
        "toning": AnswerSpec(
            "Toning comes down to two things: building some muscle, and carrying little "
            "enough body fat for that muscle to show. "
            "Stronger muscle also feels firmer, even when you're resting. "
            "And bodyweight work like ours won't make your legs bulky."
        ),
        "bulky": AnswerSpec(
            "No, bodyweight training won't make your legs bulky. "
            "Real bulk takes a big calorie surplus and heavy loads, kept up for a long time. "
            "What you'll build here is firm, defined muscle."
        ),
        "time_under_tension": AnswerSpec(
            "Time under tension is how long your muscle stays working during a set. "
            "Slow reps keep it loaded the whole way, so every rep does more without any "
            "extra weight. "
            "That's why I count three on the way down, pause at the bottom, then drive up."
        ),
        "progressive_overload": AnswerSpec(
            "Progressive overload means each session is a bit harder than the last, so your "
            "muscles keep having a reason to adapt. "
            "Without weights we climb a ladder: more reps up to about fifteen or twenty, then "
            "shorter rests, more range, pulses, a dead stop at the bottom, a slower tempo, and "
            "finally a harder version of the move. "
            "I keep track, so each workout picks up where your last one ended."
        ),
        "not_working": AnswerSpec(
            "When legs stop changing, the missing piece is rarely effort; it's usually tension. "
            "Bouncing out of the bottom, rushing the reps, and repeating the same workout every "
            "time all let your muscles off the hook. "
            "Slow down, pause at the bottom, and make each session a little harder than the last."
        ),
        "best_exercise": AnswerSpec(
            "The Bulgarian split squat is the best leg move you can do at home. "
            "With your back foot up on a couch or a chair, around eighty to ninety percent of "
            "your weight lands on the front leg. "
            "That's a heavy load for one leg, using nothing but furniture."
        ),
        "inner_thighs": AnswerSpec(
            "For your inner thighs, do lateral lunges. "
            "Stepping out to the side works the adductors along the inner thigh and the glute "
            "medius on the side of your hip. "
            "Most workouts only go forward and back, so sideways is the direction people skip."
        ),
        "glutes": AnswerSpec(
            "For your glutes, the single-leg glute bridge is hard to beat, and split squats "
            "work them too. "
            "Drive through the planted heel and squeeze hard at the top of every rep. "
            "That squeeze at the peak gets more of the muscle working."
        ),
        "pulses": AnswerSpec(
            "A pulse is a small rep tucked inside a full one. "
            "Go all the way down, come only half way up, sink back down, then rise all the way. "
            "Your muscle never gets a break at the top, so the burn builds quickly."
        ),
        "dead_stop": AnswerSpec(
            "A dead stop means holding completely still at the bottom for one full second "
            "before you come up. "
            "With no bounce to help, your muscles have to start the lift from nothing, which "
            "makes every rep harder and more useful."
        ),
        "unilateral": AnswerSpec(
            "Working one leg at a time evens out imbalances, because the weaker side can't "
            "hide behind the stronger one. "
            "Each leg also carries the whole load by itself, so you get far more intensity "
            "per leg without any extra weight."
        ),
        # Spoken when HowTo names no exercise we know and none is in progress.
        "how_to": AnswerSpec(
            "Every move here follows the same rhythm: three slow counts down, a short pause, "
            "then drive up and squeeze at the top. "
            "Between sets, ask me how to do this one and I'll explain the exercise you're on. "
            "You can also name a move, like the Bulgarian split squat or the lateral lunge."
        ),
    }
}

# Templates for the personal lines and the how-to, per language. {placeholders} are filled
# by the code below with words from the language's number speller.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        # frequency: by days since the last session
        "last_today": "You've already trained today, so give your legs until tomorrow or the "
        "day after.",
        "last_yesterday": "You last trained yesterday, so an easy day or a light session is "
        "fine today.",
        "last_yesterday_full_week": "You trained yesterday and you've done {week} this week, "
        "so today is a good day to rest.",
        "last_two_days": "You last trained two days ago, so today is a good day for legs.",
        "last_days": "It's been {days} days since your last session, so today is a great day "
        "to get back to it.",
        "last_long_ago": "It's been a while since your last session, so ease back in with a "
        "light one today.",
        # results: sessions so far, and over how long
        "progress_sessions": "You've done {sessions} so far.",
        "progress_first_week": "You've done {sessions} in your first week, so keep showing up "
        "and the changes will come.",
        "progress_early": "You've done {sessions} over {weeks} so far, so keep it steady and "
        "the first changes will come soon.",
        "progress_sparse": "You've done {sessions} over {weeks} so far, and two to three a week "
        "from here will move things along faster.",
        "progress_middle": "You've done {sessions} over {weeks} so far, which is about when "
        "legs start to feel firmer.",
        "progress_late": "You've done {sessions} over {weeks} so far, which puts you right "
        "where visible definition tends to show.",
        "session_one": "one session",
        "session_many": "{n} sessions",
        "week_one": "a week",
        "week_many": "{n} weeks",
        # how to: one catalogue exercise
        "how_to_intro": "The {name} works the {target}.",
        "how_to_tempo": "Take three slow counts down, pause, then come up and {squeeze}.",
        "how_to_tempo_sides": "Take three slow counts down, pause, then come up and {squeeze}, "
        "and finish one side before you switch.",
    }
}

# Short questions to offer in help and when a question can't be answered. Each one is a
# sample of a question intent (with an EXERCISE value in place of a slot), so saying it works.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "en": (
        "how often should I train my legs",
        "can I tone my legs without weights",
        "how long until I see results",
        "will my legs get bulky",
        "what is time under tension",
        "what's the best leg exercise at home",
        "how do I work my inner thighs",
        "what is a dead stop",
        "what are pulses",
        "why one leg at a time",
        "how do I do a Bulgarian split squat",
        "why is my leg workout not working",
    )
}

NUMBER_SPELLERS: dict[str, Callable[[int], str]] = {"en": number_words}

# Beyond this many days, "it's been a while" beats a day count.
_LONG_GAP_DAYS = 14


def _language(language: str) -> str:
    """'en-GB' -> 'en'; a language we have no words for falls back to English."""
    base = language.split("-")[0].split("_")[0].lower()
    return base if base in ANSWERS else DEFAULT_LANGUAGE


def answer(
    topic: str,
    facts: UserFacts | None = None,
    *,
    exercise_key: str | None = None,
    language: str = "en",
) -> str:
    """The spoken answer for one topic: two to four short sentences of plain text.

    ``facts`` personalises "frequency" and "results_time"; ``exercise_key`` (a CATALOGUE key:
    the slot's resolved id, or the exercise in progress) picks the "how_to" answer.
    Raises KeyError for a topic that is not in QUESTION_INTENTS.
    """
    lang = _language(language)
    answers = ANSWERS[lang]
    if topic not in answers:
        raise KeyError(f"no answer for topic {topic!r}")
    if topic == "how_to":
        return _how_to(exercise_key, lang)
    text = answers[topic].text
    personal: str | None = None
    if facts is not None:
        if topic == "frequency":
            personal = _frequency_line(facts, lang)
        elif topic == "results_time":
            personal = _progress_line(facts, lang)
    return f"{text} {personal}" if personal else text


def examples(rng: random.Random | None = None, count: int = 2, language: str = "en") -> list[str]:
    """``count`` example questions: the first ones in order, or a random pick given ``rng``."""
    pool = EXAMPLES[_language(language)]
    count = max(0, min(count, len(pool)))
    if rng is None:
        return list(pool[:count])
    return rng.sample(pool, count)


def _today(facts: UserFacts) -> date:
    return facts.today or date.today()


def _frequency_line(facts: UserFacts, lang: str) -> str | None:
    if facts.last_day is None:
        return None
    days = (_today(facts) - facts.last_day).days
    phrases = PHRASES[lang]
    spell = NUMBER_SPELLERS[lang]
    if days < 0:  # a clock or data problem: say nothing rather than something odd
        return None
    if days == 0:
        return phrases["last_today"]
    if days == 1:
        if facts.sessions_this_week >= 3:
            week = _count(facts.sessions_this_week, "session", lang)
            return phrases["last_yesterday_full_week"].format(week=week)
        return phrases["last_yesterday"]
    if days == 2:
        return phrases["last_two_days"]
    if days < _LONG_GAP_DAYS:
        return phrases["last_days"].format(days=spell(days))
    return phrases["last_long_ago"]


def _progress_line(facts: UserFacts, lang: str) -> str | None:
    sessions = facts.sessions_completed
    if sessions <= 0:
        return None
    phrases = PHRASES[lang]
    done = _count(sessions, "session", lang)
    if facts.first_day is None:
        return phrases["progress_sessions"].format(sessions=done)
    days = (_today(facts) - facts.first_day).days
    if days < 0:
        return phrases["progress_sessions"].format(sessions=done)
    if days < 7:
        return phrases["progress_first_week"].format(sessions=done)
    weeks = max(1, round(days / 7))
    span = _count(weeks, "week", lang)
    if weeks < 2:
        key = "progress_early"
    elif sessions < 1.5 * weeks:  # fewer than about two a week: consistency first
        key = "progress_sparse"
    elif weeks < 6:
        key = "progress_middle"
    else:
        key = "progress_late"
    return phrases[key].format(sessions=done, weeks=span)


def _count(n: int, noun: str, lang: str) -> str:
    phrases = PHRASES[lang]
    if n == 1:
        return phrases[f"{noun}_one"]
    return phrases[f"{noun}_many"].format(n=NUMBER_SPELLERS[lang](n))


def _how_to(exercise_key: str | None, lang: str) -> str:
    move = CATALOGUE.get(exercise_key) if exercise_key else None
    if move is None:
        return ANSWERS[lang]["how_to"].text
    phrases = PHRASES[lang]
    tempo = phrases["how_to_tempo_sides" if move.unilateral else "how_to_tempo"]
    return " ".join(
        (
            phrases["how_to_intro"].format(name=move.name, target=move.target),
            move.setup,
            move.cue,
            tempo.format(squeeze=move.squeeze),
        )
    )
