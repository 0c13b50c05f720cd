"""Every spoken line, per locale: `Lines.for_locale("en-GB", rng)("message_id", count=3, ...)`.

A locale's table is its language's base table (en.py) with the regional overlay (en_GB.py, ...)
laid over it, merged once per locale and cached: plain dicts, nothing parsed at import.
Whole-number parameters are spelled out by the language's number speller; `count` also picks
the plural form of a plural message. A missing id raises KeyError.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from types import ModuleType

from . import en, en_AU, en_CA, en_GB, en_IN

DEFAULT_LOCALE = "en-US"

# Locale -> (language module with MESSAGES, number_words and plural; its regional overlay).
_SOURCES: dict[str, tuple[ModuleType, ModuleType | None]] = {
    "en-US": (en, None),
    "en-GB": (en, en_GB),
    "en-AU": (en, en_AU),
    "en-IN": (en, en_IN),
    "en-CA": (en, en_CA),
}
_LANGUAGE_DEFAULT = {"en": "en-US"}

Message = tuple[str, ...] | dict[str, tuple[str, ...]]
_TABLES: dict[str, dict[str, Message]] = {}


def resolve_locale(locale: str | None) -> str:
    """'en_gb' -> 'en-GB'; an unknown region falls back to its language, then to en-US."""
    text = (locale or "").replace("_", "-").strip()
    language, _, region = text.partition("-")
    tag = f"{language.lower()}-{region.upper()}" if region else language.lower()
    if tag in _SOURCES:
        return tag
    return _LANGUAGE_DEFAULT.get(language.lower(), DEFAULT_LOCALE)


def table(locale: str) -> dict[str, Message]:
    """The merged table for a resolved locale (built on first use, then cached)."""
    merged = _TABLES.get(locale)
    if merged is None:
        base, overlay = _SOURCES[locale]
        merged = dict(base.MESSAGES)
        if overlay is not None:
            merged.update(overlay.MESSAGES)
        _TABLES[locale] = merged
    return merged


class _Word(str):
    """A parameter's words; `{name:C}` in a message capitalises the first letter."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if spec == "C":
            return self[:1].upper() + self[1:]
        return str.__format__(self, spec)


class Lines:
    """Says a message by id in one locale: a variant picked with the injected random source."""

    def __init__(self, locale: str | None = None, rng: random.Random | None = None) -> None:
        self.locale = resolve_locale(locale)
        language, _ = _SOURCES[self.locale]
        self.table = table(self.locale)
        self.rng = rng or random.Random()
        self.number: Callable[[int], str] = language.number_words
        self._plural: Callable[[int], str] = language.plural

    @classmethod
    def for_locale(cls, locale: str | None, rng: random.Random | None = None) -> Lines:
        return cls(locale, rng)

    def __contains__(self, key: str) -> bool:
        return key in self.table

    def variants(self, key: str, count: int | None = None) -> tuple[str, ...]:
        """The variants of `key` (for a plural message, the form `count` needs)."""
        message = self.table[key]
        if isinstance(message, Mapping):
            if count is None:
                raise ValueError(f"{key!r} has plural forms: it needs a count")
            form = "zero" if count == 0 and "zero" in message else self._plural(count)
            return message[form]
        return message

    def __call__(self, key: str, /, count: int | None = None, **params: object) -> str:
        variants = self.variants(key, count)
        text = variants[0] if len(variants) == 1 else self.rng.choice(variants)
        if count is not None:
            params["count"] = count
        if not params:
            return text
        return text.format_map({k: self._word(v) for k, v in params.items()})

    say = __call__

    def pick(self, key: str, k: int) -> list[str]:
        """`k` different variants of `key`, at random (e.g. example questions to offer)."""
        pool = self.variants(key)
        return self.rng.sample(pool, max(0, min(k, len(pool))))

    def _word(self, value: object) -> _Word:
        if isinstance(value, int) and not isinstance(value, bool):
            return _Word(self.number(value))
        return _Word(value)


def locales() -> tuple[str, ...]:
    return tuple(_SOURCES)
