"""Leg-day reminders and "when should I train next?".

"Remind me to train legs" creates one recurring reminder through Alexa's Reminders API on the
user's rhythm (every other day from the next leg day, or the days they name, at the time they
name or the time they ask at), replacing any the skill set before. The permission is read from
the request first (`context.System.user.permissions`, its scopes): without the grant the skill
calls no API and asks for it by voice (Connections.SendRequest AskFor); Alexa asks, and the answer comes
back as Connections.Response carrying the plan in its token. Refused, or not answered, the skill
says how to grant it in the Alexa app and sends the consent card. "Stop my reminders" deletes
them. The reminder is the API's record, not ours: nothing is stored in the profile.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, time

from ask_sdk_model.interfaces.connections import SendRequestDirective
from ask_sdk_model.services import ApiClientRequest, ServiceException
from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    Recurrence,
    ReminderRequest,
    SpokenInfo,
    SpokenText,
    Trigger,
    TriggerType,
)
from ask_sdk_model.ui import AskForPermissionsConsentCard

from ...coach.rhythm import (
    NextDay,
    NextReason,
    ReminderPlan,
    default_time,
    next_leg_day_of,
    parse_time,
    parse_weekday,
)
from ...screen import message
from ...speech.lines import Lines
from ...speech.ssml import Speech
from ...speech.words import join_and
from .. import clock
from ..turn import Reply, Turn
from .floor import hand_back

log = logging.getLogger(__name__)

SCOPE = "alexa::alerts:reminders:skill:readwrite"
NO_PERMISSION = (401, 403)
ASK_FOR = "AskFor"
DAY_SLOTS = ("dayOne", "dayTwo", "dayThree")


def answer(turn: Turn, text: str) -> Reply:
    """Say `text`; hand the floor back mid-workout, close at the menu: the matter is settled."""
    return hand_back(turn, text, close_at_menu=True)


def next_day(turn: Turn) -> NextDay:
    """The coach's next leg day, from the user's last one and this week's count."""
    return next_leg_day_of(turn.profile, turn.today)


def when_next(turn: Turn) -> Reply:
    """ "When should I train next?"."""
    profile, today, say = turn.profile, turn.today, turn.line
    last = profile.last_day()
    nxt = next_day(turn)
    day = day_words(say, nxt.day, today)
    when = ""
    if last is not None:
        days = (today - last).days
        when = say("when_today") if days <= 0 else say("when_yesterday") if days == 1 else ""
        when = when or say("when_days_ago", count=days)
    if nxt.reason is NextReason.FIRST:
        text = say("next_session_first")
    elif nxt.reason is NextReason.REST:
        text = say("next_session_rest_until", when=when, day=day)
    elif nxt.reason is NextReason.WEEK_FULL:
        text = say("next_session_week_full", count=profile.sessions_this_week(today), day=day)
    else:
        text = say("next_session_today", when=when)
    message(turn.extras, say("screen_next_title"), day[:1].upper() + day[1:], text)
    return answer(turn, text)


# -- the plan and the calls ------------------------------------------------------------------------


def plan_from_slots(turn: Turn) -> ReminderPlan:
    at = parse_time(turn.slot("time"))
    days = tuple(d for d in (parse_weekday(turn.slot(n)) for n in DAY_SLOTS) if d is not None)
    # Without named days: every other day, from the next leg day the history allows.
    start = None if days else next_day(turn).day
    asked_at = default_time(local_now(turn))
    return ReminderPlan(at or asked_at, tuple(dict.fromkeys(days)), start, at is not None)


def granted(turn: Turn) -> bool:
    """Whether the request says the reminders permission is granted (its scopes): the API is
    called only then, so a missing grant costs no round trip before the question."""
    context = turn.handler_input.request_envelope.context
    user = getattr(getattr(context, "system", None), "user", None)
    scopes = getattr(getattr(user, "permissions", None), "scopes", None) or {}
    scope = scopes.get(SCOPE) if isinstance(scopes, dict) else None
    status = getattr(getattr(scope, "status", None), "value", None)
    return status == "GRANTED"


def create(turn: Turn, plan: ReminderPlan, *, asked: bool = False) -> Reply:
    if not asked and not granted(turn):
        return ask_permission(plan)
    client = _client(turn)
    first = plan.first_day(first_possible(turn, plan.at))
    request = reminder_request(turn, plan, first)
    try:
        if client is None:
            raise ServiceException("no API client", 401, None, None)
        for token in alert_tokens(turn):
            client.delete_reminder(token)  # one rhythm at a time: replace
        client.create_reminder(request)
    except ServiceException as exc:
        if exc.status_code in NO_PERMISSION:
            return without_permission(turn) if asked else ask_permission(plan)
        log.warning("creating the reminder failed: %s", exc.status_code)
        return answer(turn, turn.line("reminder_failed"))
    except Exception as exc:  # the service is out of reach
        log.warning("creating the reminder failed: %s", type(exc).__name__)
        return answer(turn, turn.line("reminder_failed"))
    say = turn.line
    rhythm = (
        say("rhythm_days", days=join_and(say, [weekday_name(say, d) for d in plan.weekdays]))
        if plan.weekdays
        else say("rhythm_every_other_day")
    )
    at = clock_words(say, plan.at)
    text = say("reminder_set", rhythm=rhythm, time=at, day=day_words(say, first, turn.today))
    message(turn.extras, say("screen_reminder_title"), f"{rhythm[:1].upper()}{rhythm[1:]}, {at}")
    if not plan.time_named:
        text = f"{text} {say('reminder_time_note')}"
    return answer(turn, text)


def stop_all(turn: Turn) -> Reply:
    """ "Stop my reminders": delete every reminder the skill set."""
    if not granted(turn):
        # Without the permission there can be no reminder of ours: nothing to call.
        return answer(turn, turn.line("reminders_none"))
    client = _client(turn)
    try:
        tokens = alert_tokens(turn) if client else []
        for token in tokens:
            client.delete_reminder(token)
    except ServiceException as exc:
        if exc.status_code not in NO_PERMISSION:
            log.warning("stopping reminders failed: %s", exc.status_code)
            return answer(turn, turn.line("reminders_stop_failed"))
        tokens = []  # without the permission there is nothing of ours to stop
    except Exception as exc:  # the service is out of reach
        log.warning("stopping reminders failed: %s", type(exc).__name__)
        return answer(turn, turn.line("reminders_stop_failed"))
    if not tokens:
        return answer(turn, turn.line("reminders_none"))
    text = turn.line("reminders_stopped", count=len(tokens))
    message(turn.extras, turn.line("screen_reminders_off"), text)
    return answer(turn, text)


def first_possible(turn: Turn, at: time) -> date:
    """Today (on the device's calendar) if the time is still ahead, else tomorrow."""
    now = local_now(turn)
    if (now.hour, now.minute) < (at.hour, at.minute):
        return now.date()
    if now.date() == date.max:  # a request stamped at the end of the calendar
        return now.date()
    return date.fromordinal(now.date().toordinal() + 1)


def local_now(turn: Turn) -> datetime:
    """The request's time on the device's clock (the turn's own when the zone is unknown)."""
    device_zone = clock.zone(clock.device_zone_name(turn))
    return turn.now.astimezone(device_zone) if device_zone is not None else turn.now


def reminder_request(turn: Turn, plan: ReminderPlan, first: date) -> ReminderRequest:
    start = datetime.combine(first, plan.at)
    return ReminderRequest(
        request_time=local_now(turn).replace(tzinfo=None, microsecond=0),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            # Absent: Alexa uses the device's own zone.
            time_zone_id=clock.device_zone_name(turn) or None,
            recurrence=Recurrence(start_date_time=start, recurrence_rules=[plan.rule()]),
        ),
        alert_info=AlertInfo(
            spoken_info=SpokenInfo(
                content=[SpokenText(locale=turn.locale, text=turn.line("reminder_text"))]
            )
        ),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


def alert_tokens(turn: Turn) -> list[str]:
    """The tokens of the skill's reminders. Read as plain JSON: ask-sdk-model's
    `get_reminders` cannot deserialise a real answer (its AlertInfo names a module that does not
    exist, `alert_info_spoken_info`), so the list is fetched through the same API client."""
    config = turn.handler_input.service_client_factory.api_configuration
    request = ApiClientRequest(
        headers=[("Authorization", f"Bearer {config.authorization_value}")],
        method="GET",
        url=f"{config.api_endpoint}/v1/alerts/reminders",
    )
    response = config.api_client.invoke(request)
    if not 200 <= response.status_code < 300:
        raise ServiceException("listing reminders failed", response.status_code, None, None)
    alerts = json.loads(response.body or "{}").get("alerts") or []
    return [str(a["alertToken"]) for a in alerts if isinstance(a, dict) and a.get("alertToken")]


def _client(turn: Turn):
    factory = turn.handler_input.service_client_factory
    return factory.get_reminder_management_service() if factory is not None else None


# -- permission ------------------------------------------------------------------------------------


def ask_permission(plan: ReminderPlan) -> Reply:
    """Hand over to Alexa, who asks for the permission; the answer returns with the plan."""
    directive = SendRequestDirective(
        name=ASK_FOR,
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "1",
            "permissionScope": SCOPE,
        },
        token=plan.token(),
    )
    return Reply(Speech(), hand_over=directive)


def permission_answered(turn: Turn, accepted: bool, token: str) -> Reply:
    """Alexa's answer to AskFor: the plan rides in the token, so nothing was kept meanwhile."""
    plan = ReminderPlan.from_token(token)
    if accepted and plan is not None:
        return create(turn, plan, asked=True)
    return without_permission(turn)


def without_permission(turn: Turn) -> Reply:
    text = turn.line("reminder_needs_permission")
    message(turn.extras, turn.line("screen_reminder_title"), text)
    reply = answer(turn, text)
    reply.card = AskForPermissionsConsentCard(permissions=[SCOPE])
    return reply


# -- words -------------------------------------------------------------------------------------------


def weekday_name(say: Lines, weekday: int) -> str:
    return say("weekday_names").split()[weekday]


def day_words(say: Lines, day: date, today: date) -> str:
    if day == today:
        return say("when_today")
    return weekday_name(say, day.weekday())


def clock_words(say: Lines, at: time) -> str:
    half = say("clock_am") if at.hour < 12 else say("clock_pm")
    hour = str(at.hour % 12 or 12)
    if at.minute == 0:
        return say("clock_hour", hour=hour, half=half)
    return say("clock_time", hour=hour, minute=f"{at.minute:02d}", half=half)
