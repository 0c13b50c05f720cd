"""The code's shape, as a user of it would notice: which layer may call which, where the
dialogue's state is written, how a request is routed, and that a deployment fails closed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from legcoach.settings import Settings, SettingsError

PACKAGE = Path(__file__).resolve().parent.parent / "lambda" / "legcoach"


def imports_of(path: Path) -> set[str]:
    """The modules `path` imports, as absolute names inside the package ("voice.turn")."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    package = parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            else:
                module = (node.module or "").removeprefix("legcoach.")
            found.add(module)
            found.update(f"{module}.{alias.name}".strip(".") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("legcoach.") for alias in node.names)
    return found


def test_the_screen_reads_decisions_not_the_voice_layer():
    for path in (PACKAGE / "screen").rglob("*.py"):
        assert not any(name.startswith("voice") for name in imports_of(path)), path


def test_the_web_service_refuses_to_keep_progress_in_memory(monkeypatch):
    from legcoach_dev.web.app import create_app

    for name in ("TABLE_NAME", "AWS_LAMBDA_FUNCTION_NAME", "LEGCOACH_STAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ALEXA_VERIFY_REQUESTS", raising=False)
    with pytest.raises(SettingsError, match="TABLE_NAME"):
        create_app()  # the README's production command, with no table configured
    monkeypatch.setenv("LEGCOACH_STAGE", "local")
    assert create_app().test_client().get("/health").status_code == 200


def test_a_local_web_test_without_verification_still_runs_without_a_table(monkeypatch):
    from legcoach_dev.web.app import create_app

    for name in ("TABLE_NAME", "AWS_LAMBDA_FUNCTION_NAME", "LEGCOACH_STAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALEXA_VERIFY_REQUESTS", "false")
    assert create_app().test_client().get("/health").status_code == 200


def test_every_setting_has_one_default():
    # Settings built in code and settings read from an empty environment agree.
    assert Settings.read({}) == Settings()


# -- layers and modules --------------------------------------------------------------------------

# Each layer may import only the layers after it in this list.
LAYERS = ("voice", "screen", "speech", "storage", "coach")
MAY_IMPORT = {
    "voice": {"voice", "screen", "speech", "storage", "coach", "settings"},
    "screen": {"screen", "speech", "coach"},
    "speech": {"speech", "coach"},
    "storage": {"storage", "coach", "settings"},
    "coach": {"coach"},
    "settings": set(),
}


def module_of(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")


def ours(name: str) -> bool:
    return name.split(".")[0] in MAY_IMPORT


def test_no_layer_imports_a_layer_above_it():
    for path in PACKAGE.rglob("*.py"):
        layer = module_of(path).split(".")[0]
        above = {
            n for n in imports_of(path) if ours(n) and n.split(".")[0] not in MAY_IMPORT[layer]
        }
        assert not above, (path, above)


def import_graph() -> dict[str, set[str]]:
    modules = {module_of(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = {n for n in imports_of(path) if n in modules and n != name}
        # "from . import x" names the package too: only the module counts as the arrow.
        graph[name] = {n for n in found if not any(m.startswith(n + ".") for m in found)}
    return graph


def test_no_import_cycle():
    graph = import_graph()
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail, name))
        if name in done:
            return
        for nxt in graph[name]:
            if not nxt.endswith("__init__") and graph.get(nxt) is not None:
                visit(nxt, (*trail, name))
        done.add(name)

    for name in graph:
        visit(name, ())


def test_no_handler_module_imports_another():
    for path in (PACKAGE / "voice" / "handlers").glob("*.py"):
        if path.name == "__init__.py":
            continue  # the package registers its modules' handlers
        siblings = {n for n in imports_of(path) if n.startswith("voice.handlers.")}
        assert not siblings, (path.name, siblings)


def test_every_voice_module_stays_small():
    for path in (PACKAGE / "voice").rglob("*.py"):
        assert len(path.read_text().splitlines()) < 300, path


def test_only_the_moves_change_the_position():
    transitions = {"to_count", "to_ready", "to_menu", "begin", "offer", "end_workout"}
    for path in (PACKAGE / "voice").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            written = isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
            if (
                written
                and node.attr in ("position", "rep_from", "workout")
                and path.name != "state.py"
            ):
                assert not ast.unparse(node.value).endswith("state"), (path, node.lineno)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                on_state = ast.unparse(node.func.value).endswith("state")
                if on_state and node.func.attr in transitions and path.name != "state.py":
                    assert "moves" in path.parts, (path, node.lineno)


# -- routing rank --------------------------------------------------------------------------------


def routed(intent: str, position: str = "menu", question: str | None = None) -> str:
    """Which rank answers `intent` at `position` with `question` open."""
    from types import SimpleNamespace

    from legcoach.coach.profile import Profile
    from legcoach.coach.progression import plan_workout
    from legcoach.voice.handlers.routes import route_for
    from legcoach.voice.state import Ask, SessionState

    state = SessionState.from_dict({"phase": position})
    if position != "menu":
        from datetime import date

        state.workout = plan_workout(
            Profile(), date(2026, 11, 24), light=False, workout_id="w"
        ).workout
        state.position = state.position.__class__(position)
    if question:
        state.ask(Ask(question))
    request = SimpleNamespace(object_type="IntentRequest", intent=SimpleNamespace(name=intent))
    turn = SimpleNamespace(
        handler_input=SimpleNamespace(request_envelope=SimpleNamespace(request=request)),
        intent_name=intent,
        state=state,
    )
    found = route_for(turn)  # type: ignore[arg-type]
    assert found is not None
    return found[0]


def test_the_routing_rank_is_safety_question_position_anywhere_fallback():
    assert routed("PainIntent", "count", "delete") == "safety"
    assert routed("AMAZON.StopIntent", "count", "delete") == "question"
    assert routed("AMAZON.StopIntent", "count") == "position"
    assert routed("AMAZON.StopIntent", "menu") == "anywhere"
    assert routed("AMAZON.YesIntent", "ready", "restart") == "question"
    assert routed("AMAZON.YesIntent", "ready") == "position"
    assert routed("AMAZON.YesIntent", "count") == "anywhere"
    assert routed("AMAZON.NoIntent", "count", "easier") == "question"  # "no" always answers
    assert routed("SomeIntentFromANewerModel", "count") == "fallback"


# -- the turn's network calls --------------------------------------------------------------------


def network_calls(nlu, monkeypatch, budget_s: float) -> list[str]:
    """The Settings- and Reminders-API calls a "remind me" turn makes, time-zone setting off."""
    import random
    import urllib.request

    from legcoach.voice import services
    from legcoach.voice.skill import build_handler
    from support.coachee import Coachee, checked

    calls: list[str] = []

    class Reminders:
        def invoke(self, request):
            calls.append(request.url)
            raise OSError("no network in tests")

    monkeypatch.setattr(services, "_timed_default_client", Reminders)

    def urlopen(request, timeout=None):
        calls.append(request.full_url)
        raise OSError("no network in tests")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    settings = Settings(audio="ssml", device_time_zone=False, turn_budget_s=budget_s)
    skill = checked(build_handler(Coachee(nlu).store, settings=settings, rng_factory=random.Random))
    scope = "alexa::alerts:reminders:skill:readwrite"

    def handler(event: dict, context: object) -> dict:
        # The request says the reminders permission is granted: the API is called only then.
        permissions = {"consentToken": "consent", "scopes": {scope: {"status": "GRANTED"}}}
        event["context"]["System"]["user"]["permissions"] = permissions
        return skill(event, context)

    coachee = Coachee(nlu, handler=handler)
    coachee.say("start leg workout")
    assert calls == []  # the setting is off: "today" is not looked up
    reply = coachee.say("remind me to train legs at seven pm")
    assert reply.text or reply.response["response"].get("directives")
    return calls


def test_a_reminder_looks_the_time_zone_up_once(nlu, monkeypatch):
    calls = network_calls(nlu, monkeypatch, 5.0)
    assert len([c for c in calls if "System.timeZone" in c]) == 1
    assert any("/v1/alerts/reminders" in c for c in calls)


def test_a_reminder_makes_no_network_call_past_the_deadline(nlu, monkeypatch):
    assert network_calls(nlu, monkeypatch, 0.5) == []


def test_every_question_has_its_line_and_its_answers():
    from legcoach.voice.moves.answers import ANSWERS
    from legcoach.voice.moves.floor import QUESTION_LINES
    from legcoach.voice.state import Ask

    assert set(QUESTION_LINES) == set(Ask) == set(ANSWERS)
