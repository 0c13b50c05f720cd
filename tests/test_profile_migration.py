"""The stored profile keeps codes, never sentences: schema-2 reason sentences migrate to codes."""

from __future__ import annotations

import json

from legcoach.coach.changes import Change, ChangeCode
from legcoach.coach.ladder import Step, start_rung
from legcoach.coach.profile import SCHEMA, Profile
from legcoach.speech.coaching import render_change
from legcoach.speech.lines import Lines

EN = Lines.for_locale("en-US")
SQUAT = start_rung("squat")
BRIDGE = start_rung("bridge")
LATERAL = start_rung("lateral")

# An item as schema 2 stored it: each slot's reason as the sentence to say.
OLD_ITEM = {
    "schema": 2,
    "safety": True,
    "first": "2026-10-01",
    "rungs": {"squat": SQUAT + 1, "bridge": BRIDGE - 1, "lateral": LATERAL, "finisher": 2},
    "weak": {"lateral": 1},
    "why": {
        "squat": "You hit eight on every set of Bulgarian split squats last time, "
        "so today it's ten reps.",
        "bridge": "The single-leg glute bridges were tough two sessions running, "
        "so we've eased them back one step to build you up again.",
        "lateral": "We're keeping the lateral lunges where they were until they feel solid.",
        "finisher": "Something a newer version might have written.",
        "nonsense_slot": "We're keeping the air squats where they were until they feel solid.",
    },
    "active": {
        "id": "w",
        "day": "2026-11-02",
        "blocks": [
            {
                "slot": "squat",
                "rx": {"ex": "bulgarian_split_squat", "reps": 10},
                "why": "You hit eight on every set of Bulgarian split squats last time, so "
                "today it's ten reps.",
            }
        ],
        "cursor": 0,
        "counts": [],
    },
    "recent": [],
    "folded": {"sessions": 3, "reps": 200},
}


def test_old_reason_sentences_load_as_codes_and_say_the_same_thing():
    profile = Profile.from_dict(json.loads(json.dumps(OLD_ITEM)))
    assert profile.reasons["squat"] == Change(
        ChangeCode.STEP_UP, "bulgarian_split_squat", 8, Step.REPS, new_reps=10
    )
    assert profile.reasons["bridge"].code is ChangeCode.STEP_BACK
    assert profile.reasons["lateral"] == Change(ChangeCode.HOLD_WEAK, "lateral_lunge")
    for slot in ("squat", "bridge", "lateral"):
        assert render_change(EN, profile.reasons[slot]) == OLD_ITEM["why"][slot]


def test_unrecognisable_reasons_are_dropped_and_the_rest_is_kept():
    profile = Profile.from_dict(json.loads(json.dumps(OLD_ITEM)))
    assert set(profile.reasons) == {"squat", "bridge", "lateral"}
    assert profile.safety_noted and profile.rungs["squat"] == SQUAT + 1
    assert profile.sessions_completed == 3 and profile.weak_streak == {"lateral": 1}
    # The in-progress workout survives; its block's sentence was said already and is dropped.
    assert profile.active is not None and profile.active.blocks[0].change is None


def test_the_stored_record_holds_codes_and_numbers_never_sentences():
    stored = Profile.from_dict(json.loads(json.dumps(OLD_ITEM))).to_dict()
    assert stored["schema"] == SCHEMA == 3
    assert stored["why"]["squat"] == {
        "code": "step_up",
        "ex": "bulgarian_split_squat",
        "reps": 8,
        "step": "reps",
        "to_reps": 10,
    }
    words = json.dumps(stored["why"])
    assert "every set" not in words and "solid" not in words
    # And it loads back unchanged.
    assert Profile.from_dict(json.loads(json.dumps(stored))).to_dict() == stored


def test_a_forged_or_unknown_reason_code_is_dropped_not_fatal():
    item = Profile().to_dict()
    item["why"] = {
        "squat": {"code": "teleport", "ex": "air_squat"},
        "bridge": {"code": "step_up", "ex": "moon_walk"},
        "lateral": "a sentence in a schema-3 record",
        "finisher": {"code": "hold_weak", "ex": "air_squat"},
    }
    profile = Profile.from_dict(item)
    assert profile.reasons == {"finisher": Change(ChangeCode.HOLD_WEAK, "air_squat")}
