"""The chat transcript's summary: per session, the speech before the first rep, and the
phrases said more than once (what a two-week scripted run reports)."""

from __future__ import annotations

import io

from legcoach_dev.local import chat
from legcoach_dev.local.nlu import Nlu
from legcoach_dev.local.transcript import Tally
from support.coachee import Coachee


def ssml_response(ssml: str) -> dict:
    return {"response": {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{ssml}</speak>"}}}


def test_a_sentence_said_twice_in_a_session_is_counted_and_a_beat_is_not():
    tally = Tally()
    tally.add(
        ssml_response("Left leg first, eight reps. three <break time='1s'/> hold"), opened="go"
    )
    tally.add(ssml_response("Eight, nice. Left leg first, eight reps."))
    tally.add(ssml_response("Left leg first, eight reps."), opened="again")
    first, second = tally.sessions
    assert first.repeated == {"Left leg first, eight reps.": 2}
    assert second.repeated == {} and second.opened == "again"
    assert not first.counting and "no rep counted" in tally.summary()


def test_the_talk_before_the_first_rep_is_summed_over_the_turns_of_a_session(nlu: Nlu):
    coachee = Coachee(nlu)
    out = io.StringIO()
    script = ["start leg workout", "8", "stop", "(next day)", "start leg workout", "resume"]
    code = chat.run_chat(
        script, coachee.handler, nlu, out=out, conversation=coachee.device, transcript=True
    )
    assert code == 0
    summary = out.getvalue().splitlines()[-2:]
    first, back = (line.split(": ", 1)[1] for line in summary)
    words = [float(part.split(" s of words")[0]) for part in (first, back)]
    # A first visit: the welcome, the overview and the first move's how-to, under a minute;
    # coming back to it: the offer of the place kept, then the set where it stopped.
    assert 30 <= words[0] <= 60, first
    assert 5 <= words[1] <= words[0] / 2, back
    assert "s in all) before the first rep" in back
