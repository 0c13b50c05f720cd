"""Everything the coach says that is not exercise data, per language, with variants.

Variants keep a 15-minute session from sounding like a loop. Choice takes an injected
`random.Random` so tests are deterministic. Placeholders use str.format names.
"""

from __future__ import annotations

import random

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "safety": (
            "Quick note before we start: I'm a coach, not medical advice, so stop straight away "
            "if anything hurts, and check with a doctor if you're unsure this training suits you.",
        ),
        "welcome_first": (
            "Welcome to Leg Workout. I'll count every rep with you, slow and controlled.",
        ),
        "welcome_back": ("Welcome back.", "Good to have you back.", "Nice to hear from you again."),
        "overview": (
            "Today is {count} moves, about {minutes} minutes: {names}. "
            "After each set I'll ask how many you did.",
        ),
        "warmup_start": ("First, a one-minute warm-up.", "Let's warm up for a minute first."),
        "warmup_end": ("Good, you're warm.", "That's the warm-up done."),
        "position": ("Get into position.", "Set yourself up."),
        "position_soon": ("Ten seconds: get into position.", "Ten seconds. Get set."),
        "countdown": ("Three, two, one.",),
        "set_end": ("And stop.", "And rest.", "That's the set."),
        "ask_count": ("How many did you do?", "How many did you get?"),
        "reprompt_count": (
            "How many reps did you finish on that set? Just say the number.",
            "Tell me your reps for that set, for example, twelve.",
        ),
        "halfway": ("halfway",),
        "two_more": ("two more",),
        "last_one": ("last one",),
        "squeeze": ("squeeze", "squeeze hard", "and squeeze"),
        "rest": ("Rest, {duration}.",),
        "switch": ("Switch to the {side} leg. {duration}.", "Other side: {side} leg. {duration}."),
        "next_up": ("Next: {intro}",),
        "rest_mark_30": ("thirty seconds",),
        "rest_mark_10": ("ten seconds",),
        "ack_beat": (
            "{count}! That beats the target of {target}. Strong.",
            "{count}, {diff} over the target. Excellent.",
        ),
        "ack_hit": ("{count}, right on target. Nice work.", "{count}. Target hit, well done."),
        "ack_close": (
            "{count}, just short of {target}. That's honest work.",
            "{count}. Close to the {target}, keep that form.",
        ),
        "ack_well_under": (
            "{count}. That's under the {target} I set, so we'll hold it here rather than push on.",
            "{count}, below the target of {target}. That's fine: we keep this level until it "
            "feels solid.",
        ),
        "summary": ("Workout done! You finished {sets} and {reps}, with {tension} under tension.",),
        "summary_skipped": ("You skipped {skipped}, and that's okay.",),
        "summary_none": ("No sets logged today, and that's alright: showing up counts.",),
        "goodbye_plain": ("Rest up, and come back when you're ready. Bye for now!",),
        "step_up_note": ("Next time, your {moves} step up a notch.",),
        "goodbye": (
            "Rest well, and I'll make the next one a little harder. Bye for now!",
            "Great session. Recover well, and come back in a day or two. Bye!",
        ),
        "help_in_set": (
            "Right now I'm waiting for your count for the {name}{side}. Say a number, like ten. "
            "You can also say repeat, skip, pause, or ask how to do this one.",
        ),
        "help_menu": (
            "I'm your leg coach. Say start my workout for a guided session of about fifteen "
            "minutes, or ask a question like {examples}.",
        ),
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
        "count_zero": (
            "Zero? If that move isn't working for you today, say skip. Otherwise, how many did you do?",
        ),
        "count_too_many": (
            "{count} sounds like more than I heard you count. How many reps did you really do?",
        ),
        "no_workout_count": (
            "I'll ask for your reps after each set. Shall we start your workout?",
        ),
        "paused": (
            "Okay, pausing here. Your place is saved: say, Alexa, ask leg workout to resume, "
            "whenever you're ready.",
        ),
        "goodbye_menu": ("Okay. See you next time!", "No problem. Bye for now!"),
        "resume_offer": ("You stopped during {where}. Want to pick up from there?",),
        "resume_back": ("Picking up where you left off.", "Back to it."),
        "nothing_to_resume": ("There's no workout in progress, so let's start a fresh one.",),
        "skipped": ("Skipping the {name}.", "Okay, moving past the {name}."),
        "restart_ask": ("Start the workout again from the first exercise?",),
        "restart_no": ("Okay, carrying on.",),
        "okay": ("Okay.", "Alright."),
        "help_ready": (
            "Your {name}{side} is up next. Say ready when you're in position. You can also say "
            "repeat, skip, give me a minute, or ask how to do this one.",
        ),
        "from_the_top": ("From the top.",),
        "fallback_set": (
            "Sorry, I didn't get that. If you did the set, how many reps did you do? "
            "Or say again to count it.",
        ),
        "fallback_menu": (
            "Sorry, I didn't get that. You can say start my workout, or ask how often to train legs.",
        ),
        "fallback_ready": ("Sorry, I missed that. Are you ready for the set? Say ready, or skip.",),
        "count_needs_number": ("I need a number for that one. How many reps did you do?",),
        "yes_no_unexpected": ("I wasn't asking anything just then.",),
        "error": ("Sorry, something went wrong on my side. Your progress is safe.",),
        "half_set_pause": ("Quick breather, stay in position. Ready for the last {remaining}?",),
        "already_running": ("We're already in the middle of your workout.",),
        "back_to": ("Now, back to {where}.",),
        "where_set": ("set {number} of your {plural}{side}",),
        "light_or_full_ask": (
            "Would you like a light session today? Or say full for the whole workout.",
        ),
        "light_or_full_reprompt": ("Light session, or the full workout?",),
        "delete_ask": (
            "This erases all your saved workouts and progress, and can't be undone. "
            "Are you sure you want me to delete your data?",
        ),
        "deleted": ("Done. I've deleted everything I had stored for you. Goodbye!",),
        "delete_kept": ("Okay, I've kept everything as it was.",),
        "store_offline": (
            "I can't reach your saved progress right now, so today uses a standard session "
            "and I won't overwrite your history.",
        ),
        "save_failed_note": (
            "By the way, I couldn't save your progress just now; I'll try again on your next answer.",
        ),
        "retry_save_ask": (
            "One thing: I couldn't save your progress just now. Shall I try again?",
        ),
        "saved_now": ("Saved. Rest well, bye for now!",),
        "not_saved": ("Okay, I'll leave it. Bye for now!",),
        "cant_answer": ("I can't answer that one, sorry. You could ask me {examples}.",),
        # -- talking mid-workout ----------------------------------------------------------
        "interrupt_tip": (
            "One tip: to interrupt me mid-count, say Alexa, then what you need, like Alexa, slower.",
        ),
        "back_to_count": (
            "Now, back to set {number} of your {plural}{side}. How many did you get? "
            "If you haven't done it yet, say again.",
        ),
        "back_to_ready": (
            "Now, back to set {number} of your {plural}{side}. Ready? Say ready when you're set.",
        ),
        "ask_count_or_redo": ("How many did you get? Or say again to redo it.",),
        "redo_set": (
            "Okay, let's do that set again.",
            "No problem, again from the top of the set.",
        ),
        "nothing_to_redo": ("There's no set going right now.",),
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
        "easier_offer": ("Would you like an easier version of the {name}?",),
        "none_kindly": (
            "That's okay, some days a move just won't go.",
            "No problem, that one's tough.",
        ),
        "how_many_then": (
            "That's fine. How many did you get?",
            "No worries. How many did you manage?",
        ),
        "confirm_count": ("{count}? That's well over {target}; shall I log {count}?",),
        "count_again": ("Okay. How many did you do?",),
        "check_in": ("Last time your {joint} hurt during the {name}. Does it feel okay today?",),
        "check_in_fine": ("Good. Stop straight away if it twinges.",),
        "cool_down_offer": (
            "That's every set done! Shall we cool down with a minute of easy stretching?",
        ),
        "cool_down_start": ("Lovely. Breathe out and let your shoulders drop.",),
        "cool_down_end": ("And relax.",),
        "finish_early": ("Okay, we'll finish here.", "Sure, that's enough for today."),
        "break_start": ("Sure, take {duration}.", "Okay, {duration} to recover."),
        "break_long": (
            "Take all the time you need. Your place is saved: say, Alexa, ask leg workout to "
            "resume, when you're ready.",
        ),
        "break_end_ready": ("Ready to go again? Say ready.",),
        "break_end_count": (
            "Welcome back. How many did you get on that set? Or say again to redo it.",
        ),
        "status_next_side": ("Next is the {side} leg of your {plural}.",),
        "status_next_move": ("Next up: {name}, {reps}.",),
        "status_next_set": ("Next is set {number} of your {plural}.",),
        "status_last": ("This is the last set of the workout.",),
        "status_sets_left": ("{count} left, counting this one.",),
        "status_time_left": ("About {minutes} to go.",),
        "status_where": ("You're on set {number} of {total} of your {plural}{side}.",),
        "status_target": ("The target is {reps}{side}.",),
        "status_muscles": ("The {name} works your {target}.",),
        "status_no_workout": ("There's no workout going right now.",),
        "slower": ("Okay, I'll count slower: {seconds} seconds down from the next set.",),
        "slower_max": ("That's as slow as I count: {seconds} seconds down.",),
        "faster": ("Okay, a touch quicker: {seconds} seconds down from the next set.",),
        "faster_floor": (
            "I'll keep it at {seconds} seconds down: the slow lowering is where the work happens.",
        ),
        "easier_now": ("Let's make it easier: {name} instead.",),
        "easier_none": ("This is already the gentlest version I have. Say skip to leave it out.",),
        "harder_now": ("Let's step it up: {name} instead.",),
        "harder_none": (
            "This is the hardest version I have, so let's make every rep slower instead.",
        ),
        "no_equipment_now": ("No {equipment}, no problem: {name} instead.",),
        "no_equipment_fine": ("This one doesn't need a {equipment}, so we can carry on.",),
        "beeps_on": ("Beeps on: you'll hear a soft tick on every beat.",),
        "beeps_off": ("Beeps off.",),
        "fallback_again": ("Sorry, I didn't catch that.", "Sorry, I missed that."),
        "fallback_options_count": (
            "You can tell me a number, like eight, or say all of them, again, or skip.",
        ),
        "fallback_options_ready": ("You can say ready, skip, or give me a minute.",),
        "fallback_options_menu": ("You can say start my workout, or ask how often to train legs.",),
        "fallback_options_question": ("You can say yes, no, or stop.",),
        "fallback_last": (
            "I'm having trouble hearing you. Say continue to carry on, skip to move on, or stop "
            "to finish for now.",
        ),
    }
}


class Phrases:
    """Picks a variant of a phrase and fills it in."""

    def __init__(self, rng: random.Random | None = None, language: str = "en") -> None:
        self.rng = rng or random.Random()
        self.table = PHRASES.get(language, PHRASES["en"])

    def __call__(self, key: str, **values: object) -> str:
        variants = self.table[key]
        text = variants[0] if len(variants) == 1 else self.rng.choice(variants)
        return text.format(**values) if values else text
