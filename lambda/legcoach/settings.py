"""The skill's settings: read from the environment once, at start, and nowhere else.

Production (running in Lambda, LEGCOACH_STAGE=production, or the self-hosted web service with
request verification on) fails closed: without a table it refuses to start, rather than keeping
everyone's progress in memory and losing it at every restart. LEGCOACH_STAGE=local says otherwise
on purpose. The local chat and the tests build the skill with their store directly and never need
these variables. Each setting has its default here and nowhere else.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

AUDIO_MODES = ("apla", "ssml")
# Lambda's timeout is 7 s and Alexa waits about 8 s: a turn answers from what it has by then.
DEFAULT_TURN_BUDGET_S = 5.0
DEFAULT_LOG_SALT = "legcoach"
_FALSE_WORDS = frozenset({"0", "false", "no", "off"})
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")  # what a Standard card's image may be


class SettingsError(RuntimeError):
    """The environment does not describe a deployment that can keep people's progress."""


@dataclass(frozen=True)
class Settings:
    production: bool = False
    table_name: str = ""
    dynamodb_endpoint: str | None = None
    skill_id: str | None = None
    device_time_zone: bool = False  # read the device's zone from the Alexa Settings API
    audio: str = "apla"  # every set as APL for Audio; "ssml" where a platform lacks it
    turn_budget_s: float = DEFAULT_TURN_BUDGET_S
    log_level: str = "INFO"
    log_salt: str = DEFAULT_LOG_SALT  # keys the hash that stands in for user ids in logs
    verify_requests: bool = True  # the web service checks Alexa's signature on every request
    # The home card's picture (where the device shows one): https, PNG or JPEG, hosted by the
    # deployment; ('', '') for cards of text alone.
    card_images: tuple[str, str] = ("", "")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, web: bool = False) -> Settings:
        settings = cls.read(env, web=web)
        settings.check()
        return settings

    @classmethod
    def read(
        cls, env: Mapping[str, str] | None = None, *, web: bool = False, verify: bool | None = None
    ) -> Settings:
        """The settings as the environment gives them, not yet checked.

        `web`: the self-hosted web service, in production whenever it verifies requests
        (real Alexa traffic; `verify` overrides ALEXA_VERIFY_REQUESTS), unless
        LEGCOACH_STAGE=local says it is a local test."""
        env = os.environ if env is None else env
        stage = env.get("LEGCOACH_STAGE", "").strip().lower()
        if verify is None:
            verify = (env.get("ALEXA_VERIFY_REQUESTS") or "").strip().lower() not in _FALSE_WORDS
        production = (
            bool(env.get("AWS_LAMBDA_FUNCTION_NAME"))
            or _flag(stage, "production")
            or (web and verify and stage != "local")
        )
        audio = (env.get("LEGCOACH_AUDIO") or cls.audio).strip().lower()
        if audio not in AUDIO_MODES:
            raise SettingsError(f"LEGCOACH_AUDIO must be one of {AUDIO_MODES}, not {audio!r}")
        return cls(
            production=production,
            table_name=(env.get("TABLE_NAME") or "").strip(),
            dynamodb_endpoint=(env.get("DYNAMODB_ENDPOINT_URL") or "").strip() or None,
            skill_id=(env.get("SKILL_ID") or "").strip() or None,
            device_time_zone=_flag(env.get("LEGCOACH_DEVICE_TIMEZONE", ""), "on"),
            audio=audio,
            turn_budget_s=_seconds(env.get("LEGCOACH_TURN_BUDGET_S"), DEFAULT_TURN_BUDGET_S),
            log_level=(env.get("LOG_LEVEL") or cls.log_level).upper(),
            log_salt=env.get("LEGCOACH_LOG_SALT")
            or env.get("AWS_LAMBDA_FUNCTION_NAME")
            or DEFAULT_LOG_SALT,
            verify_requests=verify,
            card_images=(
                _image_url(env.get("CARD_IMAGE_SMALL_URL"), "CARD_IMAGE_SMALL_URL"),
                _image_url(env.get("CARD_IMAGE_LARGE_URL"), "CARD_IMAGE_LARGE_URL"),
            ),
        )

    def check(self) -> None:
        if self.production and not self.table_name:
            message = "TABLE_NAME is not set: refusing to start without a table for progress"
            log.critical(message)
            raise SettingsError(message)


def _flag(raw: str, *truthy: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", *truthy}


def _image_url(raw: str | None, name: str) -> str:
    """An image Alexa can show on a card, or '' when none is set; anything else refuses to
    start (a card silently without its picture would only be noticed in the app)."""
    url = (raw or "").strip()
    if url and not (url.startswith("https://") and url.lower().endswith(IMAGE_SUFFIXES)):
        raise SettingsError(f"{name} must be an https URL of a PNG or JPEG, not {url!r}")
    return url


def _seconds(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw else default
    except ValueError as exc:
        raise SettingsError(f"not a number of seconds: {raw!r}") from exc
    return value if 0.5 <= value <= 7.0 else default
