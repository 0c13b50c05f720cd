"""The one commit point of a turn: validate the reply, save, decide what to say about it, store.

Order matters. The reply is checked first, so a reply Alexa would reject never gets as far as
the store. Then the profile is saved, and only then is it known whether "saved" is true: a
failed save on an ending turn keeps the session open and asks to try again, and a failed save
mid-workout is mentioned once. Last, the session attributes are written; a handler that raised
never reaches this point, so the error path starts from the request's own session.

There is no other door: a repeat, a hand-over to Alexa (the permission request), a card, and the
silent end of a session all come here as a `Reply`.
"""

from __future__ import annotations

import logging

from ask_sdk_model import Directive, Response
from ask_sdk_model.interfaces.alexa.presentation.apla import RenderDocumentDirective
from ask_sdk_model.ui import SsmlOutputSpeech
from ask_sdk_model.ui.reprompt import Reprompt

from ..speech.render import RenderedReply, render_reply
from ..speech.ssml import Speech
from ..storage.pending import PENDING_KEY
from . import turnlog
from .screen import screen_for
from .state import Ask
from .turn import (
    OFFLINE_KEY,
    OWNER_KEY,
    PROFILE_KEY,
    STATE_KEY,
    TIME_ZONE_KEY,
    Reply,
    Turn,
)

log = logging.getLogger(__name__)


def render(turn: Turn, reply: Reply) -> RenderedReply:
    """The reply as the response will carry it; raises past any of Alexa's limits."""
    if not reply.end and reply.reprompt is None:
        raise ValueError("an open session needs a reprompt")
    reprompt = None if reply.end else reply.reprompt
    return render_reply(reply.speech, reprompt, mode=turn.audio_mode, ticks=turn.ticks)


def commit(turn: Turn, reply: Reply) -> Response:
    if reply.silent:
        return _silent(turn)
    if reply.hand_over is not None:
        return _hand_over(turn, reply)
    probe = reply.speech
    if reply.if_saved:  # checked as it will sound when the save works
        probe = Speech().extend(reply.speech).say(turn.line(reply.if_saved))
    render(turn, Reply(probe, reply.reprompt, end=reply.end))
    saved = turn.save()
    speech, reprompt, end = reply.speech, reply.reprompt, reply.end
    state = turn.state
    if saved is False and end:
        # Closing now would lose what the failed write held: keep the session and ask.
        question = Speech().say(turn.line("retry_save_ask"))
        speech = Speech().extend(speech).extend(question)
        reprompt, end = question, False
        state.ask(Ask.RETRY_SAVE)
    elif saved is False and not state.told_unsaved:
        speech = Speech().extend(speech).say(turn.line("save_failed_note"))
        state.told_unsaved = True
    elif saved and state.told_unsaved:
        state.told_unsaved = False
    if saved is not False and reply.if_saved:
        speech = Speech().extend(speech).say(turn.line(reply.if_saved))
    final = Reply(speech, reprompt, end=end)
    rendered = render(turn, final)
    if not reply.keep_replay:
        state.replay = (reply.replay or speech).dumps()
    if end:
        _park(turn)  # the user chose to leave it unsaved: the next launch owns up to it
    write_session(turn)
    record = turnlog.current()
    record.position = state.position.value
    record.question = state.question.ask.value if state.question else ""
    response = respond(turn, rendered, end=end, screen=screen_for(turn, speech))
    if reply.card is not None:
        response.card = reply.card
    return response


def _silent(turn: Turn) -> Response:
    """No speech goes back (a session's end): write what is unsaved, with one more try while
    the turn has time, since the session's copy ends with this request; what is still
    unwritten then is noted for the next launch."""
    if turn.save() is False and turn.writes is not None and turn.can_call_store():
        turn.writes.down = False
        closed, _ = turn.writes.replay(turn.profile)
        if closed is not None:
            turn.profile = closed.profile
    _park(turn)
    return turn.handler_input.response_builder.response


def _park(turn: Turn) -> None:
    writer = turn.writes
    if writer is not None and not writer.pending.empty and writer.park():
        writer.pending = type(writer.pending)()


def _hand_over(turn: Turn, reply: Reply) -> Response:
    """Alexa takes the dialogue for now (and says its own words); ours resumes after."""
    turn.save()
    write_session(turn)
    builder = turn.handler_input.response_builder
    builder.add_directive(reply.hand_over)
    return builder.response


def write_session(turn: Turn) -> None:
    if turn.handler_input.request_envelope.session is None:
        return
    session = turn.handler_input.attributes_manager.session_attributes
    session[STATE_KEY] = turn.state.to_dict()
    profile = turn.profile.to_dict()
    held = turn.state.workout
    if held is not None and turn.profile.active is not None and held.id == turn.profile.active.id:
        profile["active"] = None  # the state carries it: not twice in every response
    session[PROFILE_KEY] = profile
    session[OWNER_KEY] = turn.owner
    if turn.time_zone is not None:
        session[TIME_ZONE_KEY] = turn.time_zone
    pending = turn.writes.pending.to_session() if turn.writes is not None else None
    if pending is not None:
        session[PENDING_KEY] = pending
    else:
        session.pop(PENDING_KEY, None)
    if turn.store_offline:
        session[OFFLINE_KEY] = True
    else:
        session.pop(OFFLINE_KEY, None)


def respond(
    turn: Turn, rendered: RenderedReply, *, end: bool, screen: Directive | None = None
) -> Response:
    builder = turn.handler_input.response_builder
    if screen is not None:
        builder.add_directive(screen)
    if rendered.ssml is not None:
        builder.response.output_speech = SsmlOutputSpeech(ssml=rendered.ssml)
    if rendered.directive is not None:
        directive = rendered.directive
        builder.add_directive(
            RenderDocumentDirective(
                token=directive["token"],
                document=directive["document"],
                datasources=directive.get("datasources"),
            )
        )
    if not end and rendered.reprompt_ssml is not None:
        reprompt = SsmlOutputSpeech(ssml=rendered.reprompt_ssml)
        builder.response.reprompt = Reprompt(output_speech=reprompt)
    builder.set_should_end_session(end)
    return builder.response
