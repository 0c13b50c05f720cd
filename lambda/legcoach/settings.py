"""The skill's settings: read from the environment once, at start, and nowhere else.

Production (running in Lambda, or LEGCOACH_STAGE=production) fails closed: without a table it
refuses to start, rather than keeping everyone's progress in memory and losing it at every cold
start. The local chat and the tests build the skill with their store directly and never need
these variables.
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
    log_salt: str = ""  # keys the hash that stands in for user ids in logs

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        production = bool(env.get("AWS_LAMBDA_FUNCTION_NAME")) or _flag(
            env.get("LEGCOACH_STAGE", ""), "production"
        )
        audio = (env.get("LEGCOACH_AUDIO") or "apla").strip().lower()
        if audio not in AUDIO_MODES:
            raise SettingsError(f"LEGCOACH_AUDIO must be one of {AUDIO_MODES}, not {audio!r}")
        settings = cls(
            production=production,
            table_name=(env.get("TABLE_NAME") or "").strip(),
            dynamodb_endpoint=(env.get("DYNAMODB_ENDPOINT_URL") or "").strip() or None,
            skill_id=(env.get("SKILL_ID") or "").strip() or None,
            device_time_zone=_flag(env.get("LEGCOACH_DEVICE_TIMEZONE", ""), "on"),
            audio=audio,
            turn_budget_s=_seconds(env.get("LEGCOACH_TURN_BUDGET_S"), DEFAULT_TURN_BUDGET_S),
            log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
            log_salt=env.get("LEGCOACH_LOG_SALT") or env.get("AWS_LAMBDA_FUNCTION_NAME") or "",
        )
        settings.check()
        return settings

    def check(self) -> None:
        if self.production and not self.table_name:
            message = "TABLE_NAME is not set: refusing to start without a table for progress"
            log.critical(message)
            raise SettingsError(message)


def _flag(raw: str, *truthy: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", *truthy}


def _seconds(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw else default
    except ValueError as exc:
        raise SettingsError(f"not a number of seconds: {raw!r}") from exc
    return value if 0.5 <= value <= 7.0 else default
