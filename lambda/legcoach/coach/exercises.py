"""The exercise catalogue, as data. A new exercise is one entry here, its lines in
`speech/lines` (name, target, setup, cue, squeeze, deeper) and, if it is climbed, a ladder place.

Nothing here is spoken: the words for each move live in the lines, keyed by `key`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# What a move may need. Any one item of an exercise's `equipment` is enough.
EQUIPMENT = ("chair", "couch", "bench", "step", "wall", "bed")
# Where pain is noted: the joints moves load, and "leg" for a leg muscle (a hamstring, a calf).
JOINTS = ("knee", "hip", "ankle", "back", "leg")
# The words counted on each beat come in a few styles (speech/lines: count_<style>_<beat>).
COUNT_STYLES = ("squat", "bridge", "lunge", "leg_raise")

# Something sturdy and raised to rest a foot or the shoulders on: these stand in for each other.
RAISED = frozenset({"chair", "couch", "bench", "bed", "step"})


@dataclass(frozen=True)
class Exercise:
    key: str
    unilateral: bool
    base_reps: int
    rep_ceiling: int
    count_style: str = "squat"
    joints: frozenset[str] = frozenset()  # joints the move loads
    equipment: frozenset[str] = frozenset()  # empty: needs nothing
    easier: str | None = None
    harder: str | None = None
    substitute: str | None = None  # the same job with no equipment
    spares: dict[str, str] = field(default_factory=dict)  # joint -> a move that spares it
    # Seconds to get into position before the first rep: getting down onto the floor takes longer.
    setup_seconds: int = 8


STANDING = frozenset({"knee", "hip", "ankle"})
LYING = frozenset({"hip"})

_MOVES: dict[str, Exercise] = {
    e.key: e
    for e in (
        Exercise(
            "half_squat",
            unilateral=False,
            base_reps=12,
            rep_ceiling=20,
            joints=STANDING,
            harder="air_squat",
            spares={"knee": "glute_bridge", "ankle": "glute_bridge"},
        ),
        Exercise(
            "air_squat",
            unilateral=False,
            base_reps=12,
            rep_ceiling=20,
            joints=STANDING,
            easier="half_squat",
            harder="split_squat",
            spares={"knee": "glute_bridge", "ankle": "glute_bridge"},
        ),
        Exercise(
            "assisted_split_squat",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            joints=STANDING,
            equipment=frozenset({"wall", "chair"}),
            easier="half_squat",
            harder="split_squat",
            substitute="half_squat",
            spares={"knee": "glute_bridge", "ankle": "glute_bridge"},
        ),
        Exercise(
            "split_squat",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            joints=STANDING,
            easier="assisted_split_squat",
            harder="bulgarian_split_squat",
            spares={"knee": "glute_bridge", "ankle": "glute_bridge"},
        ),
        Exercise(
            "bulgarian_split_squat",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            joints=STANDING,
            equipment=RAISED,
            easier="split_squat",
            substitute="split_squat",
            spares={"knee": "glute_bridge", "ankle": "glute_bridge"},
        ),
        Exercise(
            "reverse_lunge",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            joints=STANDING,
            easier="assisted_split_squat",
            harder="bulgarian_split_squat",
            spares={"knee": "glute_bridge", "ankle": "glute_bridge"},
        ),
        Exercise(
            "glute_bridge",
            setup_seconds=12,
            unilateral=False,
            base_reps=12,
            rep_ceiling=20,
            count_style="bridge",
            joints=LYING,
            harder="single_leg_glute_bridge",
        ),
        Exercise(
            "single_leg_glute_bridge",
            setup_seconds=12,
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            count_style="bridge",
            joints=LYING,
            easier="glute_bridge",
            harder="elevated_single_leg_bridge",
        ),
        Exercise(
            "elevated_single_leg_bridge",
            setup_seconds=12,
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            count_style="bridge",
            joints=LYING,
            equipment=frozenset({"couch", "bench", "bed"}),
            easier="single_leg_glute_bridge",
            substitute="single_leg_glute_bridge",
        ),
        Exercise(
            "side_lying_leg_raise",
            setup_seconds=12,
            unilateral=True,
            base_reps=10,
            rep_ceiling=20,
            count_style="leg_raise",
            joints=LYING,
            harder="shallow_lateral_lunge",
        ),
        Exercise(
            "shallow_lateral_lunge",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            count_style="lunge",
            joints=STANDING,
            easier="side_lying_leg_raise",
            harder="lateral_lunge",
            spares={"knee": "side_lying_leg_raise", "ankle": "side_lying_leg_raise"},
        ),
        Exercise(
            "lateral_lunge",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            count_style="lunge",
            joints=STANDING,
            easier="shallow_lateral_lunge",
            harder="cossack_squat",
            spares={"knee": "side_lying_leg_raise", "ankle": "side_lying_leg_raise"},
        ),
        Exercise(
            "cossack_squat",
            unilateral=True,
            base_reps=6,
            rep_ceiling=12,
            count_style="lunge",
            joints=STANDING,
            easier="lateral_lunge",
            spares={"knee": "side_lying_leg_raise", "ankle": "side_lying_leg_raise"},
        ),
    )
}


# Catalogue order is the order of the EXERCISE slot type's values in the interaction model.
CATALOGUE: dict[str, Exercise] = {
    key: _MOVES[key]
    for key in (
        "air_squat",
        "split_squat",
        "bulgarian_split_squat",
        "glute_bridge",
        "single_leg_glute_bridge",
        "elevated_single_leg_bridge",
        "lateral_lunge",
        "cossack_squat",
        "half_squat",
        "assisted_split_squat",
        "reverse_lunge",
        "side_lying_leg_raise",
        "shallow_lateral_lunge",
    )
}


@dataclass(frozen=True)
class WarmupMove:
    key: str  # its line is `warmup_<key>`
    seconds: int


# About a minute to raise the pulse and open the hips before the first slow set.
WARMUP: tuple[WarmupMove, ...] = (
    WarmupMove("march", 20),
    WarmupMove("hips", 20),
    WarmupMove("half_squats", 20),
)


# About a minute of easy stretching after the last set, each held while the coach is quiet.
COOL_DOWN: tuple[WarmupMove, ...] = (
    WarmupMove("knee_hug", 20),
    WarmupMove("quad_stretch", 20),
    WarmupMove("side_lunge_stretch", 20),
)
