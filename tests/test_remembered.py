"""The corpus tests' NLU readings, kept between the suite's passes: kept under everything a
reading depends on, and read back exactly as made."""

from __future__ import annotations

from legcoach_dev.local.nlu import Nlu
from support.corpus import load_model
from support.remembered import RememberingNlu, nlu_sources


def test_readings_are_kept_under_the_nlu_and_every_module_it_imports():
    names = {p.relative_to(p.parents[1]).as_posix() for p in nlu_sources()}
    assert {"local/nlu.py", "legcoach_dev/grammar.py", "legcoach_dev/utterances.py"} <= names
    assert "lines/en.py" in names  # the number words it hears come from the coach's lines
    assert not {"local/chat.py", "local/transcript.py"} & names  # the chat is not the NLU


def test_a_remembered_reading_is_the_reading_and_a_caller_cannot_change_it():
    model = load_model("en-US")
    plain, remembering = Nlu(model), RememberingNlu(model)
    lines = ["i did twelve", "my knee is killing me", "nine on the left and eight on the right"]
    for line in lines:
        first = remembering.resolve(line)
        assert first == plain.resolve(line)
        first.slots.clear()  # a caller's change stays with the caller
        assert remembering.resolve(line) == plain.resolve(line)
