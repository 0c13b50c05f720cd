"""Getting into position: the countdown before a move's first rep fits the move."""

from __future__ import annotations

import random

from legcoach.coach.exercises import CATALOGUE
from legcoach.speech import workout_speech as ws
from legcoach.speech.lines import Lines


def test_getting_down_onto_the_floor_gets_more_time_than_stepping_into_a_stance() -> None:
    say = Lines.for_locale("en-US", random.Random(1))
    floor = ws.setup_speech(say, CATALOGUE["single_leg_glute_bridge"].setup_seconds)
    stance = ws.setup_speech(say, CATALOGUE["split_squat"].setup_seconds)
    assert floor.exact_seconds == 12 and stance.exact_seconds == 8
    # The quiet time before "three, two, one" is what lets a person lie down.
    assert floor.exact_seconds - 3 >= 8
