"""The exercise catalogue, as data. A new exercise is one entry here (and a place on a ladder).

Every line the coach speaks about a move lives here, written in our own words from the coaching
facts: the setup, the one cue that matters, the squeeze cue, and the words counted on each phase.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountWords:
    """What the coach says on each phase of a rep (first beat of the lowering, the pause, the rise)."""

    lower: str = "down"
    hold: str = "hold"
    rise: str = "drive up"
    pulse_up: str = "half up"
    pulse_down: str = "down"


@dataclass(frozen=True)
class Exercise:
    key: str
    name: str
    plural: str
    target: str
    setup: str
    cue: str
    squeeze: str
    deeper: str  # the range-of-motion cue used once that rung is reached
    unilateral: bool
    base_reps: int
    rep_ceiling: int
    words: CountWords = CountWords()


CATALOGUE: dict[str, Exercise] = {
    e.key: e
    for e in (
        Exercise(
            key="air_squat",
            name="air squat",
            plural="air squats",
            target="quads and glutes",
            setup="Feet about shoulder width apart, toes turned out a touch, arms out in front.",
            cue="Sit back like there's a chair behind you and push the floor away through your heels.",
            squeeze="squeeze your glutes",
            deeper="Sink until your hips pass your knees.",
            unilateral=False,
            base_reps=12,
            rep_ceiling=20,
        ),
        Exercise(
            key="split_squat",
            name="split squat",
            plural="split squats",
            target="quads and glutes of the front leg",
            setup="Take a long step forward and rise onto the ball of your back foot.",
            cue="Drop the back knee straight down and keep your weight over the front heel.",
            squeeze="squeeze the front glute",
            deeper="Let the back knee almost kiss the floor.",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
        ),
        Exercise(
            key="bulgarian_split_squat",
            name="Bulgarian split squat",
            plural="Bulgarian split squats",
            target="quads and glutes of the front leg",
            setup=(
                "Rest the top of your back foot on a couch or chair behind you, "
                "so nearly all your weight sits on the front leg."
            ),
            cue="Lower slowly, pause in the deep stretch, and drive up through the front heel.",
            squeeze="squeeze the front glute",
            deeper="Scoot your front foot a little further out and sink lower.",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
        ),
        Exercise(
            key="glute_bridge",
            name="glute bridge",
            plural="glute bridges",
            target="glutes and hamstrings",
            setup="Lie on your back, knees bent, feet flat and hip width apart.",
            cue="Push through both heels and lift until your body is a straight line.",
            squeeze="squeeze at the top",
            deeper="Walk your heels an inch further from your hips.",
            unilateral=False,
            base_reps=12,
            rep_ceiling=20,
            words=CountWords(lower="lower", hold="hover", rise="lift", pulse_up="half up"),
        ),
        Exercise(
            key="single_leg_glute_bridge",
            name="single-leg glute bridge",
            plural="single-leg glute bridges",
            target="glutes and hamstrings",
            setup="Lie on your back, one foot planted near your hip, the other leg straight in the air.",
            cue="Drive through the planted heel and squeeze hard at the top.",
            squeeze="squeeze the glute",
            deeper="Lower until your hips just brush the floor.",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            words=CountWords(lower="lower", hold="hover", rise="lift", pulse_up="half up"),
        ),
        Exercise(
            key="elevated_single_leg_bridge",
            name="elevated single-leg bridge",
            plural="elevated single-leg bridges",
            target="glutes and hamstrings",
            setup="Shoulders against the edge of a couch, one foot planted, the other leg lifted.",
            cue="Drive through the planted heel until your hips are level with your shoulders.",
            squeeze="squeeze the glute",
            deeper="Let your hips sink all the way toward the floor each rep.",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            words=CountWords(lower="lower", hold="hover", rise="lift", pulse_up="half up"),
        ),
        Exercise(
            key="lateral_lunge",
            name="lateral lunge",
            plural="lateral lunges",
            target="inner thighs and the side of the glutes",
            setup="Stand with your feet together, then take a wide step out to the side.",
            cue="Sit your hips back over the stepping leg and keep the other leg long.",
            squeeze="squeeze the inner thigh",
            deeper="Step a little wider and sit lower.",
            unilateral=True,
            base_reps=8,
            rep_ceiling=15,
            words=CountWords(rise="push back"),
        ),
        Exercise(
            key="cossack_squat",
            name="Cossack squat",
            plural="Cossack squats",
            target="inner thighs and glutes",
            setup="Stand very wide, toes slightly out.",
            cue="Shift onto one leg and sit deep while the other leg stays straight, toes up.",
            squeeze="squeeze the inner thigh",
            deeper="Sit all the way down beside your heel.",
            unilateral=True,
            base_reps=6,
            rep_ceiling=12,
            words=CountWords(rise="push back"),
        ),
    )
}


@dataclass(frozen=True)
class WarmupMove:
    name: str
    seconds: int


# About a minute to raise the pulse and open the hips before the first slow set.
WARMUP: tuple[WarmupMove, ...] = (
    WarmupMove("March on the spot, knees high", 20),
    WarmupMove("Now hip circles, big and slow, both directions", 20),
    WarmupMove("Last, ten easy half squats at your own pace", 20),
)


# About a minute of easy stretching after the last set, each held while the coach is quiet.
COOL_DOWN: tuple[WarmupMove, ...] = (
    WarmupMove("Stand tall, hug one knee to your chest, then swap halfway", 20),
    WarmupMove("Now hold one foot behind you for a front-of-thigh stretch, then swap", 20),
    WarmupMove("Last, feet wide, sit gently to one side, then the other", 20),
)
