"""Alexa's response limits, in one place: the speech builder, the budget and the tests use these.

Sources: Amazon's SSML, APL for Audio and response-format references (see shared ALEXA.md).
Where Amazon's wording leaves room, the number here is the safe reading.
"""

from __future__ import annotations

# outputSpeech: fewer than 8000 characters of SSML, markup included.
MAX_SSML_CHARS = 8000
# One <break> lasts at most 10 s; longer silences are chains of breaks.
MAX_BREAK_MS = 10_000
# SSML allows at most five <audio> clips in one outputSpeech.
MAX_SSML_AUDIO_TAGS = 5
# APL for Audio: the whole rendered audio of one response, and the audio files it may use.
MAX_APLA_SECONDS = 240.0
MAX_APLA_AUDIO_FILES = 15
# The whole response envelope, and the older, stricter limit on session attributes.
MAX_RESPONSE_BYTES = 120 * 1024
MAX_SESSION_ATTRIBUTES_BYTES = 24 * 1024

SUPPORTED_SSML_TAGS = frozenset(
    {
        "speak",
        "break",
        "prosody",
        "emphasis",
        "say-as",
        "audio",
        "p",
        "s",
        "sub",
        "phoneme",
        "w",
        "voice",
        "lang",
        "amazon:effect",
        "amazon:emotion",
        "amazon:domain",
    }
)

# The APLA document format: component types and the properties each may carry.
APLA_VERSION = "0.91"
APLA_BASE_PROPERTIES = frozenset({"type", "description", "when", "duration", "filters"})
APLA_MULTI_CHILD_PROPERTIES = frozenset({"items", "item", "data"})
APLA_COMPONENTS: dict[str, frozenset[str]] = {
    "Speech": frozenset({"content", "contentType"}),
    "Silence": frozenset(),  # "duration" is its length in ms, a base property name
    "Audio": frozenset({"source"}),
    "Sequencer": APLA_MULTI_CHILD_PROPERTIES,
    "Mixer": APLA_MULTI_CHILD_PROPERTIES,
    "Selector": APLA_MULTI_CHILD_PROPERTIES | {"strategy"},
}
APLA_FILTERS: dict[str, frozenset[str]] = {
    "Trim": frozenset({"start", "end"}),
    "FadeIn": frozenset({"duration"}),
    "FadeOut": frozenset({"duration"}),
    "Volume": frozenset({"amount"}),
    "Repeat": frozenset({"repetitionCount"}),
}
