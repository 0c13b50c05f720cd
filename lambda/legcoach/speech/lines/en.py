"""Every line the coach speaks in English (en-US wording), keyed by message id.

A message is a tuple of variants (one is picked at random so a long session does not loop), or
a plural dict {"one": (...), "other": (...)} picked by the `count` parameter ("zero" is optional).
Placeholders are str.format names: whole numbers arrive spelled out, `{name:C}` capitalises.
Regional overlays (en_GB.py, ...) hold only the ids whose wording differs.
Written in our own words from the coaching facts (docs: COACHING.md).
"""

from __future__ import annotations

# The number words, read by the local NLU too: the words the coach says are the words it hears.
ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(n: int) -> str:
    """English words for 0..999 (digits beyond that: the coach never counts so high)."""
    if n < 0 or n > 999:
        return str(n)
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")


def plural(count: int) -> str:
    return "one" if count == 1 else "other"


def _move(
    name: str, plural_name: str, target: str, setup: str, cue: str, squeeze: str, deeper: str
) -> dict[str, object]:
    return {
        "name": {"one": (name,), "other": (plural_name,)},
        "target": (target,),
        "setup": (setup,),
        "cue": (cue,),
        "squeeze": (squeeze,),
        "deeper": (deeper,),
    }


_MOVES: dict[str, dict[str, object]] = {
    "air_squat": _move(
        "air squat",
        "air squats",
        "quads and glutes",
        "Feet about shoulder width apart, toes turned out a touch, arms out in front.",
        "Sit back like there's a chair behind you and push the floor away through your heels.",
        "squeeze your glutes",
        "Sink until your hips pass your knees.",
    ),
    "half_squat": _move(
        "half squat",
        "half squats",
        "quads and glutes",
        "Feet shoulder width apart, hands on your hips or out in front.",
        "Sit back only half way, as if onto a high stool, and stand tall through your heels.",
        "squeeze your glutes",
        "Sit a little lower each rep, as far as feels comfortable.",
    ),
    "split_squat": _move(
        "split squat",
        "split squats",
        "quads and glutes of the front leg",
        "Take a long step forward and rise onto the ball of your back foot.",
        "Drop the back knee straight down and keep your weight over the front heel.",
        "squeeze the front glute",
        "Let the back knee almost kiss the floor.",
    ),
    "assisted_split_squat": _move(
        "assisted split squat",
        "assisted split squats",
        "quads and glutes of the front leg",
        "Stand side-on to a wall with one hand on it, and take a long step forward, back foot "
        "on the floor.",
        "Lower only part of the way, keep the front knee over the ankle, and use the wall for "
        "balance.",
        "squeeze the front glute",
        "Lower a little further, only as far as feels easy on the knee.",
    ),
    "bulgarian_split_squat": _move(
        "Bulgarian split squat",
        "Bulgarian split squats",
        "quads and glutes of the front leg",
        "Rest the top of your back foot on a couch or chair behind you, so nearly all your "
        "weight sits on the front leg.",
        "Lower slowly, pause in the deep stretch, and drive up through the front heel.",
        "squeeze the front glute",
        "Scoot your front foot a little further out and sink lower.",
    ),
    "reverse_lunge": _move(
        "reverse lunge",
        "reverse lunges",
        "quads and glutes of the front leg",
        "Stand tall with your feet hip width apart.",
        "Step one foot back and lower the back knee toward the floor, then push through the "
        "front heel to step back in.",
        "squeeze the front glute",
        "Take a longer step back and sink a little lower.",
    ),
    "glute_bridge": _move(
        "glute bridge",
        "glute bridges",
        "glutes and hamstrings",
        "Lie on your back, knees bent, feet flat and hip width apart.",
        "Push through both heels and lift until your body is a straight line.",
        "squeeze at the top",
        "Walk your heels an inch further from your hips.",
    ),
    "single_leg_glute_bridge": _move(
        "single-leg glute bridge",
        "single-leg glute bridges",
        "glutes and hamstrings",
        "Lie on your back, one foot planted near your hip, the other leg straight in the air.",
        "Drive through the planted heel and squeeze hard at the top.",
        "squeeze the glute",
        "Lower until your hips just brush the floor.",
    ),
    "elevated_single_leg_bridge": _move(
        "elevated single-leg bridge",
        "elevated single-leg bridges",
        "glutes and hamstrings",
        "Shoulders against the edge of a couch, one foot planted, the other leg lifted.",
        "Drive through the planted heel until your hips are level with your shoulders.",
        "squeeze the glute",
        "Let your hips sink all the way toward the floor each rep.",
    ),
    "side_lying_leg_raise": _move(
        "side-lying leg raise",
        "side-lying leg raises",
        "side of the hip and the outer glute",
        "Lie on your side, legs long and stacked, head resting on your lower arm.",
        "Lift the top leg with the toes pointing forward, and lower it slowly without touching "
        "down.",
        "squeeze the side of your hip",
        "Lift a little higher, keeping your hips stacked.",
    ),
    "lateral_lunge": _move(
        "lateral lunge",
        "lateral lunges",
        "inner thighs and the side of the glutes",
        "Stand with your feet together, then take a wide step out to the side.",
        "Sit your hips back over the stepping leg and keep the other leg long.",
        "squeeze the inner thigh",
        "Step a little wider and sit lower.",
    ),
    "shallow_lateral_lunge": _move(
        "shallow lateral lunge",
        "shallow lateral lunges",
        "inner thighs and the side of the glutes",
        "Stand with your feet together, then take a short step out to the side.",
        "Bend the stepping knee only a little, hips back, and keep the other leg long.",
        "squeeze the inner thigh",
        "Step a touch wider, only as far as feels easy.",
    ),
    "cossack_squat": _move(
        "Cossack squat",
        "Cossack squats",
        "inner thighs and glutes",
        "Stand very wide, toes slightly out.",
        "Shift onto one leg and sit deep while the other leg stays straight, toes up.",
        "squeeze the inner thigh",
        "Sit all the way down beside your heel.",
    ),
}

MESSAGES: dict[str, object] = {
    # -- numbers and lists -----------------------------------------------------------------
    "n_reps": {"one": ("one rep",), "other": ("{count} reps",)},
    "n_sets": {"one": ("one set",), "other": ("{count} sets",)},
    "n_moves": {"one": ("one move",), "other": ("{count} moves",)},
    "n_workouts": {
        "zero": ("no workouts",),
        "one": ("one workout",),
        "other": ("{count} workouts",),
    },
    "n_sessions": {"one": ("one session",), "other": ("{count} sessions",)},
    "n_weeks": {"one": ("one week",), "other": ("{count} weeks",)},
    "span_weeks": {"one": ("a week",), "other": ("{count} weeks",)},
    "n_minutes": {"one": ("a minute",), "other": ("{count} minutes",)},
    "n_seconds": {"one": ("one second",), "other": ("{count} seconds",)},
    "duration_both": ("{minutes} and {seconds}",),
    "list_pair": ("{first} and {last}",),
    "list_many": ("{rest}, and {last}",),
    "when_today": ("today",),
    "when_yesterday": ("yesterday",),
    "when_days_ago": {"one": ("one day ago",), "other": ("{count} days ago",)},
    "side_left": ("left",),
    "side_right": ("right",),
    "side_suffix": (", {side} leg",),
    "side_lead": ("{side:C} leg.",),
    # -- counting a rep (one style of words per kind of move) ---------------------------------
    "count_first_beat": ("{number}, {word}",),
    "count_dead_stop": ("dead stop",),
    "count_squat_lower": ("down",),
    "count_squat_hold": ("hold",),
    "count_squat_rise": ("drive up",),
    "count_bridge_lower": ("lower",),
    "count_bridge_hold": ("hover",),
    "count_bridge_rise": ("lift",),
    "count_lunge_lower": ("down",),
    "count_lunge_hold": ("hold",),
    "count_lunge_rise": ("push back",),
    "count_leg_raise_lower": ("lower",),
    "count_leg_raise_hold": ("hold",),
    "count_leg_raise_rise": ("lift",),
    "count_pulse_up": ("half up",),
    "count_pulse_down": ("down",),
    # A rep's every third rise: one word, since a beat holds one (see workout_speech).
    "count_squeeze": ("squeeze",),
    "countdown_inline": ("three, two, one",),
    # -- warm-up ---------------------------------------------------------------------------
    "warmup_march": ("March on the spot, knees high.",),
    "warmup_hips": ("Now hip circles, big and slow, both directions.",),
    "warmup_half_squats": ("Last, ten easy half squats at your own pace.",),
    # -- introducing a move ------------------------------------------------------------------
    "intro_name": ("{name:C}, for your {target}.",),
    "intro_pulses": ("Every rep gets a pulse: down, half up, down again, then all the way up.",),
    "intro_dead_stop": ("Stop dead at the bottom for a full second, no bounce.",),
    "intro_tempo": {
        "one": ("Lower for one second now.",),
        "other": ("Lower for {count} seconds now.",),
    },
    "intro_reps_side": ("{side:C} leg first, {reps}.",),
    "intro_reps": ("{reps:C}.",),
    "squeeze_end": ("{squeeze:C}, hold it.",),
    # -- what changed since last time (progression decisions) -------------------------------
    "change_step_up": ("You hit {reps} on every set of {name} last time, so {step}.",),
    "change_hold_weak": ("We're keeping the {name} where they were until they feel solid.",),
    "change_step_back": (
        "The {name} were tough two sessions running, so we've eased them back one step to "
        "build you up again.",
    ),
    "change_hold_pain": (
        "Your {joint} bothered you last time, so the {name} stay where they were today.",
    ),
    "step_reps": ("today it's {reps}",),
    "step_rest": ("today the rests get shorter",),
    "step_deeper": ("today we go deeper on every rep",),
    "step_pulses": ("today we add pulses",),
    "step_dead_stop": ("today there's a dead stop at the bottom of every rep",),
    "step_slower": ("today we slow the lowering down",),
    "step_next_move": ("today you move up to the {name}",),
    "step_harder": ("today it gets a touch harder",),
    "next_time": ("Next time, your {moves} step up a notch.",),
    "joint_knee": ("knee",),
    "joint_hip": ("hip",),
    "joint_ankle": ("ankle",),
    "joint_back": ("back",),
    "joint_leg": ("leg",),
    # -- adjusting a move on request, and pain ---------------------------------------------
    "check_in_ask": (
        "Last time your {joint} bothered you on the {name}. Does it feel okay today?",
    ),
    "pain_noted": (
        "Thanks for telling me. I'll go easy on your {joint}, and the {name} won't get harder "
        "until it feels fine.",
    ),
    "pain_cleared": ("Good to hear. We'll keep building from here.",),
    "adjust_swap": ("Okay, let's do {name} instead.",),
    "adjust_gentlest": ("This is already the gentlest version of the {name}.",),
    "adjust_hardest": ("This is already the hardest version of the {name} I have.",),
    "adjust_stand_in": ("No {missing}? A {item} works just as well.",),
    "adjust_slower": {
        "one": ("Slower it is: one second on the way down.",),
        "other": ("Slower it is: {count} seconds on the way down.",),
    },
    "adjust_faster": {
        "one": ("A touch quicker: one second on the way down.",),
        "other": ("A touch quicker: {count} seconds on the way down.",),
    },
    "adjust_at_floor": {
        "one": ("I'll keep it at one second down: the slow lowering is what does the work.",),
        "other": (
            "I'll keep it at {count} seconds down: the slow lowering is what does the work.",
        ),
    },
    "equipment_chair": ("chair",),
    "equipment_couch": ("couch",),
    "equipment_bench": ("bench",),
    "equipment_step": ("step",),
    "equipment_wall": ("wall",),
    "equipment_bed": ("bed",),
    # -- plan and schedule notes -------------------------------------------------------------
    "plan_light": ("A light session today: fewer reps, same slow tempo.",),
    "plan_eased": ("It's been a while, so today eases back a step.",),
    "too_soon_today": (
        "You've already trained today, and muscles firm up while they recover, not while they "
        "work.",
    ),
    "too_soon_yesterday": (
        "You trained yesterday. With bodyweight, every other day is plenty, so your legs may "
        "still be recovering.",
    ),
    # -- reports on the user's own history ----------------------------------------------------
    "report_progress_none": (
        "You haven't finished a workout with me yet. Say start my workout and we'll get you going.",
    ),
    "report_progress": ("You've done {workouts} in {weeks}, {reps} in all.",),
    "report_progress_moved_up": ("You've moved up to {moves}.",),
    "report_progress_keep_going": (
        "Keep showing up and each session will ask a little more of you.",
    ),
    "report_last_none": ("I don't have a workout from you yet. Say start my workout to begin.",),
    "report_last_empty": ("Your last workout, {when}, ended before any sets.",),
    "report_last": ("Last time, {when}, you did {listing}: {reps} and {tension} under tension.",),
    "report_last_move": ("{counts} {name}",),
    "report_week_none": (
        "No workouts yet this week. Two or three a week is the sweet spot, so today's a great "
        "day to start.",
    ),
    "report_week_below": (
        "One workout so far this week. Aim for two or three, with a rest day between.",
    ),
    "report_week_sweet_spot": (
        "{workouts:C} this week. That's right in the two to three a week sweet spot.",
    ),
    "report_week_above": ("{workouts:C} this week. Great drive, but leave room for recovery.",),
    # -- answers to questions ----------------------------------------------------------------
    "answer_frequency": (
        "Two to three leg sessions a week suits most people. With bodyweight moves only, "
        "training every other day works well too. Your legs firm up while they recover, so rest "
        "days count as much as workouts.",
    ),
    "answer_no_weights": (
        "Yes, you can tone your legs with no weights and no gym at all. Train one leg at a "
        "time, slow every rep right down, and take each set close to failure, where one more "
        "rep is a real fight. That gives your muscles every reason to change.",
    ),
    "answer_results_time": (
        "Most people feel their legs getting tighter within two to three weeks. Definition you "
        "can actually see tends to take six to eight weeks, as long as each session asks a "
        "little more than the last and you eat well.",
    ),
    "answer_toning": (
        "Toning comes down to two things: building some muscle, and carrying little enough body "
        "fat for that muscle to show. Stronger muscle also feels firmer, even when you're "
        "resting. And bodyweight work like ours won't make your legs bulky.",
    ),
    "answer_bulky": (
        "No, bodyweight training won't make your legs bulky. Real bulk takes a big calorie "
        "surplus and heavy loads, kept up for a long time. What you'll build here is firm, "
        "defined muscle.",
    ),
    "answer_time_under_tension": (
        "Time under tension is how long your muscle stays working during a set. Slow reps keep "
        "it loaded the whole way, so every rep does more without any extra weight. That's why I "
        "count three on the way down, pause at the bottom, then drive up.",
    ),
    "answer_progressive_overload": (
        "Progressive overload means each session is a bit harder than the last, so your muscles "
        "keep having a reason to adapt. Without weights we climb a ladder: more reps up to about "
        "fifteen or twenty, then shorter rests, more range, pulses, a dead stop at the bottom, a "
        "slower tempo, and finally a harder version of the move. I keep track, so each workout "
        "picks up where your last one ended.",
    ),
    "answer_not_working": (
        "When legs stop changing, the missing piece is rarely effort; it's usually tension. "
        "Bouncing out of the bottom, rushing the reps, and repeating the same workout every time "
        "all let your muscles off the hook. Slow down, pause at the bottom, and make each "
        "session a little harder than the last.",
    ),
    "answer_best_exercise": (
        "The Bulgarian split squat is the best leg move you can do at home. With your back foot "
        "up on a couch or a chair, around eighty to ninety percent of your weight lands on the "
        "front leg. That's a heavy load for one leg, using nothing but furniture.",
    ),
    "answer_inner_thighs": (
        "For your inner thighs, do lateral lunges. Stepping out to the side works the adductors "
        "along the inner thigh and the glute medius on the side of your hip. Most workouts only "
        "go forward and back, so sideways is the direction people skip.",
    ),
    "answer_glutes": (
        "For your glutes, the single-leg glute bridge is hard to beat, and split squats work "
        "them too. Drive through the planted heel and squeeze hard at the top of every rep. "
        "That squeeze at the peak gets more of the muscle working.",
    ),
    "answer_pulses": (
        "A pulse is a small rep tucked inside a full one. Go all the way down, come only half "
        "way up, sink back down, then rise all the way. Your muscle never gets a break at the "
        "top, so the burn builds quickly.",
    ),
    "answer_dead_stop": (
        "A dead stop means holding completely still at the bottom for one full second before "
        "you come up. With no bounce to help, your muscles have to start the lift from nothing, "
        "which makes every rep harder and more useful.",
    ),
    "answer_unilateral": (
        "Working one leg at a time evens out imbalances, because the weaker side can't hide "
        "behind the stronger one. Each leg also carries the whole load by itself, so you get far "
        "more intensity per leg without any extra weight.",
    ),
    # Spoken when HowTo names no exercise we know and none is in progress.
    "answer_how_to": (
        "Every move here follows the same rhythm: three slow counts down, a short pause, then "
        "drive up and squeeze at the top. Between sets, ask me how to do this one and I'll "
        "explain the exercise you're on. You can also name a move, like the Bulgarian split "
        "squat or the lateral lunge.",
    ),
    "answer_last_today": (
        "You've already trained today, so give your legs until tomorrow or the day after.",
    ),
    "answer_last_yesterday": (
        "You last trained yesterday, so an easy day or a light session is fine today.",
    ),
    "answer_last_yesterday_full_week": (
        "You trained yesterday and you've done {week} this week, so today is a good day to rest.",
    ),
    "answer_last_two_days": ("You last trained two days ago, so today is a good day for legs.",),
    "answer_last_days": (
        "It's been {days} days since your last session, so today is a great day to get back to it.",
    ),
    "answer_last_long_ago": (
        "It's been a while since your last session, so ease back in with a light one today.",
    ),
    "answer_progress_sessions": ("You've done {sessions} so far.",),
    "answer_progress_first_week": (
        "You've done {sessions} in your first week, so keep showing up and the changes will come.",
    ),
    "answer_progress_early": (
        "You've done {sessions} over {weeks} so far, so keep it steady and the first changes "
        "will come soon.",
    ),
    "answer_progress_sparse": (
        "You've done {sessions} over {weeks} so far, and two to three a week from here will "
        "move things along faster.",
    ),
    "answer_progress_middle": (
        "You've done {sessions} over {weeks} so far, which is about when legs start to feel "
        "firmer.",
    ),
    "answer_progress_late": (
        "You've done {sessions} over {weeks} so far, which puts you right where visible "
        "definition tends to show.",
    ),
    "answer_how_to_intro": ("The {name} works the {target}.",),
    "answer_how_to_tempo": ("Take three slow counts down, pause, then come up and {squeeze}.",),
    "answer_how_to_tempo_sides": (
        "Take three slow counts down, pause, then come up and {squeeze}, and finish one side "
        "before you switch.",
    ),
    # Questions offered in help and when a question can't be answered. Each is a sample of a
    # question intent in the interaction model, so saying it works.
    "help_example": (
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
    ),
    # -- the conversation --------------------------------------------------------------------
    "safety": (
        "Quick note before we start: I'm a coach, not medical advice, so stop straight away if "
        "anything hurts, and check with a doctor if you're unsure this training suits you.",
    ),
    "welcome_first": (
        "Welcome to Leg Workout. I'll count every rep with you, slow and controlled.",
    ),
    "welcome_back": ("Welcome back.", "Good to have you back.", "Nice to hear from you again."),
    "overview": (
        "Today is {moves}, about {minutes}: {names}. After each set I'll ask how many you did.",
    ),
    "warmup_start": ("First, a one-minute warm-up.", "Let's warm up for a minute first."),
    "warmup_end": ("Good, you're warm.", "That's the warm-up done."),
    "position": ("Get into position.", "Set yourself up."),
    "position_soon": ("Ten seconds: get into position.", "Ten seconds. Get set."),
    "set_end": ("And stop.", "And rest.", "That's the set."),
    "ask_count": ("How many did you do?", "How many did you get?"),
    "reprompt_count": (
        "How many reps did you finish on that set? Just say the number.",
        "Tell me your reps for that set, for example, twelve.",
    ),
    "halfway": ("halfway",),
    "two_more": ("two more",),
    "last_one": ("last one",),
    "rest": ("Rest, {duration}.",),
    "switch": (
        "Switch to the {side} leg. {duration:C}.",
        "Other side: {side} leg. {duration:C}.",
    ),
    "next_up": ("Next: {intro}",),
    "rest_mark_30": ("thirty seconds",),
    "rest_mark_10": ("ten seconds",),
    "summary": ("Workout done! You finished {sets} and {reps}, with {tension} under tension.",),
    "summary_skipped": ("You skipped {skipped}, and that's okay.",),
    "goodbye": (
        "Rest well, and I'll make the next one a little harder. Bye for now!",
        "Great session. Recover well, and come back in a day or two. Bye!",
    ),
    "help_in_set": (
        "Right now I'm waiting for your count for the {name}{side}. Say a number, like ten. "
        "You can also say repeat, skip, pause, or ask how to do this one.",
    ),
    "help_in_ready": (
        "Right now I'm ready to count the {name}{side}. Say a number, like ten. You can also "
        "say repeat, skip, pause, or ask how to do this one.",
    ),
    "help_menu": (
        "I'm your leg coach. Say start my workout for a guided session of about fifteen "
        "minutes, or ask a question like {examples}.",
    ),
    "examples_join": ("{first} or {second}",),
    "ask_ready": (
        "Are you in position? Say ready to start.",
        "Ready to go? Say ready when you're set.",
    ),
    "reprompt_ready": ("Are you ready for the set? Say ready, or skip to move on.",),
    "reprompt_menu": ("Would you like to start your leg workout?",),
    "menu_question": ("Shall we start your leg workout?", "Ready to start your workout?"),
    "count_unclear": (
        "Sorry, I didn't catch a number. How many reps did you do? For example, say eight.",
    ),
    "count_too_many": (
        "{count:C} sounds like more than I heard you count. How many reps did you really do?",
    ),
    "no_workout_count": ("I'll ask for your reps after each set. Shall we start your workout?",),
    "paused": (
        "Okay, pausing here. Your place is saved: say, Alexa, ask leg workout to resume, "
        "whenever you're ready.",
    ),
    "goodbye_menu": ("Okay. See you next time!", "No problem. Bye for now!"),
    "resume_offer": ("You stopped during {where}. Want to pick up from there?",),
    "nothing_to_resume": ("There's no workout in progress, so let's start a fresh one.",),
    "skipped": ("Skipping the {name}.", "Okay, moving past the {name}."),
    "restart_ask": ("Start the workout again from the first exercise?",),
    "restart_no": ("Okay, carrying on.",),
    "from_the_top": ("From the top.",),
    "fallback_set": (
        "Sorry, I didn't get that. If you did the set, how many reps did you do? "
        "Or say again to count it.",
    ),
    "fallback_ready": ("Sorry, I missed that. Are you ready for the set? Say ready, or skip.",),
    "count_needs_number": ("I need a number for that one. How many reps did you do?",),
    "error": ("Sorry, something went wrong on my side. Your progress is safe.",),
    "half_set_pause": ("Quick breather, stay in position. Ready for the last {remaining}?",),
    "already_running": ("We're already in the middle of your workout.",),
    "where_set": ("set {number} of your {name}{side}",),
    "light_or_full_ask": (
        "Would you like a light session today? Or say full for the whole workout.",
    ),
    "delete_ask": (
        "This erases all your saved workouts and progress, and can't be undone. Are you sure "
        "you want me to delete your data?",
    ),
    "deleted": ("Done. I've deleted everything I had stored for you. Goodbye!",),
    "delete_kept": ("Okay, I've kept everything as it was.",),
    "store_offline": (
        "I can't reach your saved progress right now, so today is a standard session. I'll keep "
        "every set and save it as soon as I can.",
    ),
    "record_kept_aside": (
        "I couldn't read your saved progress, so I've kept it safe to one side and we'll start "
        "afresh today.",
    ),
    "sets_not_saved": {
        "one": (
            "One thing first: last time, the store was down as we finished, so one of your sets "
            "never got saved. Sorry about that; the rest is as you left it.",
        ),
        "other": (
            "One thing first: last time, the store was down as we finished, so {count} of your "
            "sets never got saved. Sorry about that; the rest is as you left it.",
        ),
    },
    "save_failed_note": (
        "By the way, I couldn't save your progress just now; I'll try again on your next answer.",
    ),
    "retry_save_ask": ("One thing: I couldn't save your progress just now. Shall I try again?",),
    "saved_now": ("Saved. Rest well, bye for now!",),
    "not_saved": ("Okay, I'll leave it. Bye for now!",),
    "cant_answer": ("I can't answer that one, sorry. You could ask me {examples}.",),
    # -- ending: cool-down, summary, goodbye -------------------------------------------------
    "summary_none": ("No sets logged today, and that's alright: showing up counts.",),
    "goodbye_plain": ("Rest up, and come back when you're ready. Bye for now!",),
    "cool_down_offer": (
        "That's every set done! Shall we cool down with a minute of easy stretching?",
    ),
    "cool_down_start": ("Lovely. Breathe out and let your shoulders drop.",),
    "cool_down_knee_hug": ("Stand tall and hug one knee to your chest, then swap halfway.",),
    "cool_down_quad_stretch": (
        "Now hold one foot behind you for a stretch down the front of the thigh, then swap.",
    ),
    "cool_down_side_lunge_stretch": ("Last, feet wide, sit gently to one side, then the other.",),
    "cool_down_end": ("And relax.",),
    "finish_early": ("Okay, we'll finish here.", "Sure, that's enough for today."),
    # -- talking mid-workout ---------------------------------------------------------------
    "okay": ("Okay.", "Alright."),
    "back_to_count": (
        "Now, back to set {number} of your {name}{side}. How many did you get? "
        "If you haven't done it yet, say again.",
    ),
    "back_to_ready": (
        "Now, back to set {number} of your {name}{side}. Ready? Say ready when you're set.",
    ),
    "redo_set": ("Okay, let's do that set again.", "No problem, again from the top of the set."),
    "nothing_to_redo": ("There's no set going right now.",),
    "none_kindly": (
        "That's okay, some days a move just won't go.",
        "No problem, that one's tough.",
    ),
    "how_many_then": ("That's fine. How many did you get?", "No worries. How many did you manage?"),
    "confirm_count": ("{count:C}? That's well over {target}; shall I log {count}?",),
    "count_again": ("Okay. How many did you do?",),
    "easier_offer": ("Would you like an easier version of the {name}?",),
    "break_start": ("Sure, take {duration}.", "Okay, {duration} to recover."),
    "break_long": (
        "Take all the time you need. Your place is saved: say, Alexa, ask leg workout to "
        "resume, when you're ready.",
    ),
    "break_end_ready": ("Ready to go again? Say ready.",),
    "break_end_count": (
        "Welcome back. How many did you get on that set? Or say again to redo it.",
    ),
    # -- safety ------------------------------------------------------------------------------
    "pain_stop": (
        "Stop there and rest. Breathe slowly and let it settle.",
        "Okay, stop right there. Rest, and breathe easy.",
    ),
    "red_flags": (
        "If you get chest pain, pain spreading to your arm or jaw, real trouble breathing, or "
        "dizziness that doesn't pass, stop and get medical help now, and call emergency "
        "services if it's severe.",
    ),
    "severe_end": (
        "We're stopping the workout for today; your sets so far are saved. Please look after "
        "yourself. Bye for now.",
    ),
    "pain_options": (
        "Would you like an easier version that spares your {joint}? "
        "Or say skip to leave this move out, or I'm done to finish for today.",
    ),
    "pain_options_any": (
        "Would you like an easier version? Or say skip to leave this move out, or I'm done to "
        "finish for today.",
    ),
    "unwell_ask": ("Sit or lie down until it passes. Shall we stop the workout for today?",),
    "unwell_rest": (
        "Okay. Only carry on if you feel completely normal again. Take two minutes first.",
    ),
    # -- status, from the plan ---------------------------------------------------------------
    "status_next_side": ("Next is the {side} leg of your {name}.",),
    "status_next_move": ("Next up: {name}, {reps}.",),
    "status_next_set": ("Next is set {number} of your {name}.",),
    "status_last": ("This is the last set of the workout.",),
    "status_sets_left": ("{sets:C} left, counting this one.",),
    "status_time_left": ("About {minutes} to go.",),
    "status_target": ("The target is {reps}{side}.",),
    "status_muscles": ("The {name} works your {target}.",),
    "status_no_workout": ("There's no workout going right now.",),
    # -- adjusting ----------------------------------------------------------------------------
    "no_equipment_now": ("No {equipment}, no problem: {name} instead.",),
    "no_equipment_fine": ("This one doesn't need a {equipment}, so we can carry on.",),
    "beeps_on": ("Beeps on: you'll hear a soft tick on every beat.",),
    "beeps_off": ("Beeps off.",),
    # -- counts said in other ways, a hurt that may not be one, health, off-topic, asides ------
    "count_lower": ("I'll put down {count}, the lower one.",),
    "count_one_side": ("This one works both legs together, so I've put down {count}.",),
    "count_both_sides": ("{left} on the left and {right} on the right: both logged.",),
    "count_before": ("If you got some reps in before that, tell me the number and I'll log it.",),
    "count_before_logged": ("Okay, {count} logged for that set.",),
    "count_before_taken": ("There's no set waiting for a number just now.",),
    "no_equipment_unknown": ("You won't need that for this one, so we can carry on.",),
    "hurt_ask": ("Are you hurt, or shall we carry on?",),
    "hurt_carry_on": ("Good. Tell me straight away if it starts to hurt.",),
    "pain_passed": ("Glad it's eased. Go gently, and stop the moment it comes back.",),
    "health_pregnancy": (
        "Gentle strength work is usually fine in a healthy pregnancy, but check with your "
        "midwife or doctor first. From around halfway, avoid lying flat on your back: skip the "
        "glute bridges or ask me for another move. Stop if anything hurts or you feel dizzy.",
    ),
    "health_high_blood_pressure": (
        "If your blood pressure is under control, moderate leg work like this usually helps it, "
        "but check with your doctor first. Breathe out on the effort, never hold your breath, "
        "and go slower if you need to.",
    ),
    "health_after_surgery": (
        "After an operation, your surgeon or physiotherapist should say when the leg is ready "
        "for this, so check with them first. Start with the easier versions, and stop if the "
        "joint hurts.",
    ),
    "health_arthritis": (
        "Stronger muscles around a joint usually help arthritis, and a physiotherapist or doctor "
        "can say what suits yours. A mild ache is normal; sharp pain, or pain worse the next "
        "day, means ease off. Ask me for the easier version any time.",
    ),
    "health_osteoporosis": (
        "Strength work is usually good for bones, but check with your doctor or physiotherapist "
        "which moves suit you. Move slowly, keep your back straight, and hold a chair for "
        "balance.",
    ),
    "health_older_age": (
        "You're never too old for stronger legs: they help your balance and keep you steady. "
        "If you have a heart, joint or balance problem, check with your doctor or physio first. "
        "Keep a chair close, and take the easier versions whenever you like.",
    ),
    "health_legs_shaking": (
        "Yes, that's normal: legs shake when the muscles work hard, especially on slow reps, "
        "and it eases as you get stronger. If it comes with pain, stop that move, and if it "
        "worries you, ask your doctor or physio.",
    ),
    "health_diabetes": (
        "Exercise usually helps with diabetes, but check with your doctor or nurse about your "
        "medicine and sugar levels. Keep something sugary close, and stop if you feel shaky, "
        "sweaty or confused.",
    ),
    "health_asthma": (
        "Keep your inhaler close and warm up gently. If your chest gets tight or you start to "
        "wheeze, stop and use it, and ask your doctor or asthma nurse if it keeps happening.",
    ),
    "health_heart_condition": (
        "With a heart condition, check with your doctor or heart team what's right for you "
        "before you train. Go gently, keep breathing, and stop at once if you feel unwell.",
    ),
    "health_long_term_condition": (
        "With a long-term condition, your doctor, specialist or physio knows best what suits "
        "you, so check with them. Here, go at your own pace, rest whenever you need, and stop "
        "if anything feels wrong.",
    ),
    "health_general": (
        "Shaking legs are normal when the muscles work hard, and it eases as you get stronger. "
        "If anything hurts, stop that move, and if you have a health condition, check with your "
        "doctor or physio what suits you.",
    ),
    "health_noted": ("I'll keep that in mind and check in before the moves it affects.",),
    "off_topic": (
        "I can't do that from inside your workout, but your place is kept.",
        "That's one for Alexa after the workout. I've kept your place.",
        "I can only help with your legs right now, and your place is safe.",
    ),
    "aside": (
        "No problem, I'll wait.",
        "Take your time, I'm still here.",
        "Okay, I'm here when you're ready.",
    ),
    "feeling_good": (
        "Love to hear it.",
        "Great, keep that going.",
        "Brilliant, that's the spirit.",
    ),
    # -- when I didn't understand ------------------------------------------------------------
    "fallback_again": ("Sorry, I didn't catch that.", "Sorry, I missed that."),
    "fallback_options_count": (
        "You can tell me a number, like eight, or say all of them, again, or skip.",
    ),
    "fallback_options_ready": ("You can say ready, skip, or give me a minute.",),
    "fallback_options_menu": ("You can say start my workout, or ask how often to train legs.",),
    "fallback_options_question": ("You can say yes, no, or stop.",),
    "fallback_last": (
        "I'm having trouble hearing you. Shall we carry on? Say continue, or skip to move on, "
        "or stop to finish for now.",
    ),
    # -- today's shape, the place kept, one story, and saying less ---------------------------
    # A time box or a request, said in one breath: what was kept, what was cut.
    "today_box": {"one": ("Okay, one minute.",), "other": ("Okay, {count} minutes.",)},
    "today_quick": ("A quick one it is.",),
    "today_long": ("A long one: one more set of every move.",),
    "today_hard": ("A hard day: one more set of every move.",),
    "today_easy": ("An easy day: fewer reps, one set each, same slow tempo.",),
    "today_keep": ("We'll do {moves}.",),
    "today_keep_rests": ("We'll do {moves}, with shorter rests.",),
    "today_fewer": ("{sets_after} of the {name} instead of {sets_before}",),
    "today_fewer_list": ("{items:C}.",),
    "today_dropped": ("The {moves} sit out today.",),
    "today_without": ("No {moves} today.",),
    "today_only": ("Just the {moves} today.",),
    "today_shortest": ("That's tight, so this is the shortest I can make it: about {minutes}.",),
    "today_no_warmup": ("No warm-up, so take the first set gently.",),
    "today_unchanged": ("That fits as it is.",),
    "today_all_out": ("That would leave nothing to do, so we'll keep today's moves.",),
    "body_not_legs": (
        "I'm a leg coach, so I can't train your {part}. I can give you a quick ten-minute leg "
        "session, or the full one. Which would you like?",
    ),
    "body_legs": ("Your {part} are exactly what this trains: the {moves} work them most.",),
    "body_part_arms": ("arms",),
    "body_part_abs": ("abs",),
    "body_part_chest": ("chest",),
    "body_part_back": ("back",),
    "body_part_shoulders": ("shoulders",),
    "body_part_core": ("core",),
    "body_part_glutes": ("glutes",),
    "body_part_bum": ("bum",),
    "body_part_thighs": ("thighs",),
    "body_part_quads": ("quads",),
    "body_part_hamstrings": ("hamstrings",),
    "body_part_inner_thighs": ("inner thighs",),
    "body_part_hips": ("hips",),
    "body_part_calves": ("calves",),
    "body_part_legs": ("legs",),
    "body_part_upper_body": ("upper body",),
    "body_part_full_body": ("whole body",),
    "body_part_cardio": ("cardio",),
    "body_part_stretching": ("stretching",),
    "body_not_legs_mid": ("I'm a leg coach, so I can't train your {part}. Legs it is, then.",),
    "body_not_legs_any": (
        "I'm a leg coach, so legs are all I train. I can give you a quick ten-minute leg "
        "session, or the full one. Which would you like?",
    ),
    "body_not_legs_any_mid": ("I'm a leg coach, so legs are all I train. Legs it is, then.",),
    "today_not_in_plan": ("Good news: nothing in today's workout has any {what}.",),
    "quiet_ok": ("Fair enough. Fewer words, more counting.",),
    "today_which_move": (
        "I didn't catch which move. Say, for example, no lunges today, or just squats.",
    ),
    # The place kept: an unfinished workout offered back.
    "resume_when_0": ("Earlier today",),
    "resume_when_1": ("Yesterday",),
    "resume_when_days": ("{count:C} days ago",),
    "resume_before": ("{when}, you stopped before the {name}.",),
    "resume_after_set": ("{when}, you stopped after set {number} of the {name}.",),
    "resume_after_side": ("{when}, you stopped after the {side} leg of the {name}.",),
    "resume_pick_up": ("Pick up there, or start today's?",),
    "resume_pick_up_reprompt": ("Shall we pick up where you stopped, or start today's?",),
    "left_out": ("Okay, we'll leave the {name} out today.",),
    "left_out_next": ("On to the {name}.",),
    "left_out_end": ("That was the last move, so we'll call it a day there.",),
    # Where a set is, with the set number only when the move has more than one set.
    "where_only": ("your {name}{side}",),
    "where_nth": ("set {number} of your {name}{side}",),
    "status_where_only": ("You're on your {name}{side}: one set of it today.",),
    "status_where_nth": ("You're on set {number} of {total} of your {name}{side}.",),
    # One story of what happened.
    "story_none": ("You haven't done a workout with me yet. Say start my workout to begin.",),
    "story_total": ("You've done {workouts} with me so far, {week} this week.",),
    "story_total_unfinished": {
        "one": ("And the one you stopped part way counts too.",),
        "other": ("And the {count} you stopped part way count too.",),
    },
    "story_since": ("Since you started {span} ago, you've done {workouts} and {reps}.",),
    "story_since_new": ("Since you started this week, you've done {workouts} and {reps}.",),
    "story_best": ("Your best workout was {when}, with {reps}.",),
    "story_best_set": ("Your best single set: {count} {name}.",),
    "story_best_none": ("No best yet: finish a set or two and I'll keep track.",),
    "easier_light": ("It's a light session today: fewer reps, one set each.",),
    "easier_eased_gap": (
        "You've been away a while, so today is eased back on purpose. It builds up again "
        "from here.",
    ),
    "easier_swapped": ("Today the {name} stand in, and they ask a little less.",),
    "easier_stepped_back": (
        "The {name} were eased back a step after two tough sessions, so they should feel "
        "more manageable now.",
    ),
    "easier_stronger": (
        "You've got stronger: your {name} went from {before} a set to {after} over {sessions}. "
        "When every set hits the target, the next step comes.",
    ),
    "easier_steady": (
        "Your body is adapting to this level. When every set hits the target, I'll step it up.",
    ),
    "easier_too_early": (
        "It's early days, and a first session often feels easier than the next. Keep the slow "
        "tempo, and I'll step it up as soon as every set hits the target.",
    ),
    # What the coach learned, said before the move.
    "learned_kept_swap": ("{name:C} again instead of the {other}, as last time.",),
    "plan_eased_steps": {
        "one": ("It's been {days} days, so today eases back a step.",),
        "other": ("It's been {days} days, so today eases back {count} steps.",),
    },
    # The launch, said short.
    "overview_short": ("Today: {names}, about {minutes}.",),
    "tip_interrupt": (
        "One tip: to interrupt me mid-count, say Alexa, then what you need, like Alexa, slower.",
    ),
    "tip_time_box": ("Short on time? Say, I've got ten minutes, and I'll fit the workout to it.",),
    "tip_slower": ("If a move feels rushed, say slower, and I'll stretch the lowering.",),
    "tip_swap": ("If a move doesn't suit you, ask for an easier one, and I'll remember it.",),
    "tip_skip_warmup": ("Already warm? Say skip the warm-up at the start.",),
    "tip_how_to": ("Between sets, ask how do I do this one, and I'll talk you through it.",),
    "intro_brief": ("Back to the {name}{side}, {reps}.",),
    # Praise, earned and varied: each variant once per workout; then the count alone.
    "praise_beat_1": ("{count:C}! {diff:C} over the target. Strong.",),
    "praise_beat_2": ("{count:C}, beating the {target}. Excellent.",),
    "praise_beat_3": ("{count:C}. That's past the target of {target}.",),
    "praise_beat_4": ("{count:C}, {diff} more than I asked. Great set.",),
    "praise_beat_5": ("{count:C}! Over the target again.",),
    "praise_beat_6": ("{count:C}. More than the {target}, and it shows.",),
    "praise_hit_1": ("{count:C}, right on target. Nice work.",),
    "praise_hit_2": ("{count:C}. Target hit, well done.",),
    "praise_hit_3": ("{count:C}, exactly the {target}.",),
    "praise_hit_4": ("{count:C}. Spot on.",),
    "praise_hit_5": ("{count:C}, all of them. Good.",),
    "praise_hit_6": ("{count:C}. That's the set done properly.",),
    "praise_hit_7": ("{count:C}, every rep. Solid.",),
    "praise_close_1": ("{count:C}, just short of {target}. That's honest work.",),
    "praise_close_2": ("{count:C}. Close to the {target}, keep that form.",),
    "praise_close_3": ("{count:C}, nearly there.",),
    "praise_close_4": ("{count:C}. A couple short, and that's fine.",),
    "praise_well_under_1": (
        "{count:C}. That's under the {target} I set, so we'll hold it here rather than push on.",
    ),
    "praise_well_under_2": (
        "{count:C}, below the target of {target}. We keep this level until it feels solid.",
    ),
    "praise_well_under_3": ("{count:C}. We'll stay at this level for now.",),
    "praise_count_only": ("{count:C}.",),
    # The home card in the Alexa app: plain text, read at a glance.
    "card_title_workout": ("Leg workout done",),
    "card_title_progress": ("Your leg progress",),
    "card_summary": ("Today: {sets} and {reps}, {tension} under tension.",),
    "card_summary_none": ("Today: no sets logged, and showing up counts.",),
    "card_moves": ("Moves: {moves}.",),
    "card_week": ("This week: {workouts}.",),
    "card_total": ("Since you started: {workouts}, {reps}.",),
    "card_next": ("Next leg day: {day}.",),
    "card_next_today": ("Next leg day: today, whenever you're ready.",),
    "card_footer": ("Say: Alexa, start leg workout.",),
    # -- the screen (Echo Show): short words read from across the room -----------------------
    "screen_set_of": ("Set {number} of {total}",),
    "screen_set_side": ("{set} · {side:C} leg",),
    "screen_of_total": ("of {total}",),
    "screen_rest": ("Rest",),
    "screen_position": ("Get into position",),
    "screen_ready": ("Say ready when you are",),
    "screen_next": ("Next: {name:C}",),
    "screen_go": ("Go!",),
    "screen_progress_title": ("Your progress",),
    "screen_progress_subtitle": ("Reps per move, last {sessions} sessions: {first} to {last}",),
    "screen_progress_empty": ("No workouts yet. Say: start my workout.",),
    "screen_progress_axis": ("{reps} reps",),
    "screen_progress_axis_bottom": ("Oldest to newest",),
    "screen_months": ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",),
    "screen_day": ("{month} {day}",),
    "screen_reminder_title": ("Leg day reminder",),
    "screen_reminders_off": ("Reminders off",),
    "screen_next_title": ("Your next leg day",),
    # -- leg-day reminders ---------------------------------------------------------------------
    "weekday_names": ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday",),
    "clock_time": ("{hour}:{minute} {half}",),
    "clock_hour": ("{hour} {half}",),
    "clock_am": ("AM",),
    "clock_pm": ("PM",),
    "rhythm_every_other_day": ("every other day",),
    "rhythm_days": ("every {days}",),
    "reminder_set": ("Done. I'll remind you to train legs {rhythm} at {time}, starting {day}.",),
    "reminder_time_note": (
        "That's the time it is now; for another time, say: remind me to train legs at seven "
        "in the morning.",
    ),
    "reminder_offer": ("Would you like a reminder on your next leg day?",),
    "reminder_text": ("Time for leg day. Say: Alexa, start leg workout.",),
    "reminder_needs_permission": (
        "To set reminders I need your permission. Open the Alexa app, find Leg Workout in your "
        "skills, and allow reminders; I've sent a card there to help.",
    ),
    "reminder_failed": (
        "I couldn't set the reminder just now. Please try again in a little while.",
    ),
    "reminders_stopped": {
        "one": ("Done. Your leg day reminder is off.",),
        "other": ("Done. Your {count} leg day reminders are off.",),
    },
    "reminders_none": ("You don't have any leg day reminders from me.",),
    "reminders_stop_failed": (
        "I couldn't reach your reminders just now. Please try again in a little while.",
    ),
    # -- when to train next (from the user's own history) -------------------------------------
    "next_session_first": (
        "You haven't trained with me yet, so today is a fine day to start. Say: start my workout.",
    ),
    "next_session_rest_until": (
        "Your last leg day was {when}. Legs firm up while they recover, so rest until {day}, "
        "then train again.",
    ),
    "next_session_today": (
        "Your last leg day was {when}, so your legs have had time to recover: today is a good "
        "day to train.",
    ),
    "next_session_week_full": (
        "That's {count} leg days this week already, so give your legs a rest and train again "
        "on {day}.",
    ),
}

# Exercise lines are flattened to "ex_<key>_<field>" once, at import.
for _key, _fields in _MOVES.items():
    for _field, _value in _fields.items():
        MESSAGES[f"ex_{_key}_{_field}"] = _value
del _key, _field, _value, _fields
