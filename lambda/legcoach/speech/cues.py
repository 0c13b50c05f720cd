"""The sound cues, in one place: Alexa soundbank sources, their names, and how long they last.

`seconds` is how long a cue's slot lasts: APLA trims the sound to it; the SSML fallback plays
the whole clip and pads with a break up to it (soundbank clips cannot be trimmed in SSML).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    name: str
    source: str
    seconds: float  # the slot the cue gets
    in_ssml: bool = True  # a tick is too short a slot for a whole soundbank clip


WHISTLE = Cue("whistle", "soundbank://soundlibrary/sports/whistles/sports_whistles_01", 1.0)
BELL = Cue("bell", "soundbank://soundlibrary/musical/amzn_sfx_bell_timer_01", 1.5)
# No soundbank clip is a single short click: the start of a beep, trimmed, serves as a tick.
TICK = Cue(
    "tick", "soundbank://soundlibrary/musical/amzn_sfx_electronic_beep_01", 0.12, in_ssml=False
)

CUES = {cue.name: cue for cue in (WHISTLE, BELL, TICK)}
BY_SOURCE = {cue.source: cue for cue in CUES.values()}
