"""skill/skill.json (the store listing) and scripts/ask_layout.py (the ASK CLI package)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.coachee import load_script

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
PHRASES = [
    "Alexa, open leg workout",
    "Alexa, ask leg workout how often should I train legs",
    "Alexa, ask leg workout to resume",
]
DISCLAIMER = "not a substitute for professional medical advice"
ENDPOINT = "arn:aws:lambda:us-east-1:123456789012:function:leg-workout-LegWorkout:live"


from legcoach_dev import models  # noqa: E402

ask_layout = load_script("ask_layout")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads((ROOT / "skill/skill.json").read_text(encoding="utf-8"))


def test_manifest_lists_every_locale(manifest):
    body = manifest["manifest"]
    assert body["manifestVersion"] == "1.0"
    publishing = body["publishingInformation"]
    assert list(publishing["locales"]) == LOCALES
    assert models.load_source(ROOT)["locales"] == LOCALES
    assert publishing["isAvailableWorldwide"] is False
    assert publishing["distributionCountries"] == [loc.split("-")[1] for loc in LOCALES]
    assert publishing["category"] == "HEALTH_AND_FITNESS"
    for locale, listing in publishing["locales"].items():
        assert listing["name"] == "Leg Workout", locale
        assert 0 < len(listing["summary"]) <= 160, locale
        assert 0 < len(listing["description"]) <= 4000, locale
        assert 0 < len(listing["keywords"]) <= 30, locale


@pytest.mark.parametrize("locale", LOCALES)
def test_description_carries_the_health_disclaimer(manifest, locale):
    description = manifest["manifest"]["publishingInformation"]["locales"][locale]["description"]
    assert DISCLAIMER in description


def test_privacy_and_compliance(manifest):
    privacy = manifest["manifest"]["privacyAndCompliance"]
    assert privacy["allowsPurchases"] is False
    assert privacy["usesPersonalInfo"] is False
    assert privacy["isChildDirected"] is False
    assert privacy["isExportCompliant"] is True
    assert privacy["containsAds"] is False


def test_endpoints_are_placeholders_and_skill_disabled_is_subscribed(manifest):
    body = manifest["manifest"]
    assert body["apis"]["custom"]["endpoint"]["uri"] == ask_layout.PLACEHOLDER
    assert body["events"]["endpoint"]["uri"] == ask_layout.PLACEHOLDER
    assert body["events"]["subscriptions"] == [{"eventName": "SKILL_DISABLED"}]
    text = json.dumps(manifest)
    assert "amzn1.ask.skill." not in text
    assert not any(ch.isdigit() for ch in body["apis"]["custom"]["endpoint"]["uri"])


@pytest.mark.parametrize("locale", LOCALES)
def test_example_phrases_match_samples(manifest, locale):
    listing = manifest["manifest"]["publishingInformation"]["locales"][locale]
    assert listing["examplePhrases"] == PHRASES
    model = models.build_model(models.load_source(ROOT), locale)
    assert models.check_example_phrases(model, manifest, locale) == []


# --------------------------------------------------------------------------- ask_layout.py


def test_layout_builds_the_skill_package(tmp_path, manifest):
    out = tmp_path / "skill-package"
    (out / "interactionModels/custom").mkdir(parents=True)
    (out / "interactionModels/custom/fr-FR.json").write_text("{}")  # stale: removed
    ask_layout.build_package(ENDPOINT, out, skip_check=True, ask_resources=True)
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    expected = [
        "ask-resources.json",
        *[f"skill-package/interactionModels/custom/{loc}.json" for loc in LOCALES],
        "skill-package/skill.json",
    ]
    if (ROOT / "skill/assets").is_dir():
        files = [f for f in files if not f.startswith("skill-package/assets/")]
    assert files == sorted(expected)
    package = json.loads((out / "skill.json").read_text())
    assert package["manifest"]["apis"]["custom"]["endpoint"] == {"uri": ENDPOINT}
    assert package["manifest"]["events"]["endpoint"] == {"uri": ENDPOINT}
    package["manifest"]["apis"]["custom"]["endpoint"]["uri"] = ask_layout.PLACEHOLDER
    package["manifest"]["events"]["endpoint"]["uri"] = ask_layout.PLACEHOLDER
    assert package == manifest  # nothing else changed
    for locale in LOCALES:
        copied = (out / f"interactionModels/custom/{locale}.json").read_bytes()
        assert copied == (ROOT / f"interaction_models/{locale}.json").read_bytes()
    resources = json.loads((tmp_path / "ask-resources.json").read_text())
    assert resources["profiles"]["default"]["skillMetadata"]["src"] == "./skill-package"


def test_layout_cli_fills_the_endpoint(tmp_path):
    out = tmp_path / "pkg"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/ask_layout.py"),
            "--endpoint",
            ENDPOINT,
            "--out",
            str(out),
            "--skip-check",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    package = json.loads((out / "skill.json").read_text())
    assert package["manifest"]["apis"]["custom"]["endpoint"]["uri"] == ENDPOINT


@pytest.mark.parametrize(
    "endpoint",
    [
        ask_layout.PLACEHOLDER,
        "arn:aws:lambda:us-east-1:123:function:x",
        "https://example.com/alexa",
        "",
    ],
)
def test_layout_rejects_a_bad_endpoint(tmp_path, endpoint, capsys):
    code = ask_layout.main(["--endpoint", endpoint, "--out", str(tmp_path), "--skip-check"])
    assert code == 1
    assert "not a Lambda function ARN" in capsys.readouterr().err
    assert not (tmp_path / "skill.json").exists()


def test_layout_refuses_models_that_fail_the_check(tmp_path, monkeypatch):
    monkeypatch.setattr(ask_layout.models, "check", lambda root: ["en-US: broken"])
    with pytest.raises(ask_layout.LayoutError, match="en-US: broken"):
        ask_layout.build_package(ENDPOINT, tmp_path / "out")


class FakeCloudFormation:
    def __init__(self, outputs: list[dict[str, str]]) -> None:
        self.outputs = outputs
        self.asked: list[str] = []

    def describe_stacks(self, StackName: str) -> dict[str, Any]:  # boto3 spells it so
        self.asked.append(StackName)
        return {"Stacks": [{"StackName": StackName, "Outputs": self.outputs}]}


def test_stack_output_reads_the_alias_arn():
    client = FakeCloudFormation(
        [
            {"OutputKey": "ProgressTableName", "OutputValue": "leg-workout-ProgressTable-X"},
            {"OutputKey": "SkillEndpointArn", "OutputValue": ENDPOINT},
        ]
    )
    assert ask_layout.stack_output("leg-workout", client=client) == ENDPOINT
    assert client.asked == ["leg-workout"]
    with pytest.raises(ask_layout.LayoutError, match="no output SkillEndpointArn"):
        ask_layout.stack_output("other", client=FakeCloudFormation([]))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_checker_and_the_local_nlu_agree_on_every_example_phrase(manifest, locale):
    from legcoach_dev.local.nlu import Nlu

    model = models.build_model(models.load_source(ROOT), locale)
    nlu = Nlu(model)
    listing = manifest["manifest"]["publishingInformation"]["locales"][locale]
    for phrase in [*listing["examplePhrases"], "Alexa, use leg workout"]:
        reason, target = models.read_example_phrase(phrase, model)
        assert reason is None, (phrase, reason)
        res = nlu.resolve(phrase)
        assert res.new_session, phrase
        if target == "LaunchRequest":
            assert res.kind == "launch", (phrase, res.describe())
        else:
            assert (res.intent, res.score) == (target, 1.0), (phrase, res.describe())
