"""`sam build` produces a bundle without boto3, with bytecode, that answers a LaunchRequest
under python3.13.

Slow-ish (~10 s: pip resolves the Lambda requirements). Skipped, with the reason, when sam or
python3.13 is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support.alexa_rules import check_response
from support.coachee import load_script

ROOT = Path(__file__).resolve().parent.parent
SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"


bundle_size = load_script("bundle_size")


def find_python313() -> str | None:
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    pyenv_python = root / "versions" / "3.13.0" / "bin" / "python"
    if pyenv_python.is_file():
        return str(pyenv_python)
    found = shutil.which("python3.13")
    if found:
        probe = subprocess.run(
            [found, "-c", "import sys; print(sys.version_info[:2] == (3, 13))"],
            env=bundle_size.sam_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.stdout.strip() == "True":
            return found
    return None


def launch_request() -> dict[str, Any]:
    application = {"applicationId": SKILL_ID}
    user = {"userId": "amzn1.ask.account.TESTUSER"}
    return {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": "amzn1.echo-api.session.test",
            "application": application,
            "attributes": {},
            "user": user,
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "type": "LaunchRequest",
            "requestId": "amzn1.echo-api.request.test",
            "timestamp": "2026-01-05T07:00:00Z",
            "locale": "en-US",
        },
    }


# Runs inside the bundle only: -I -S keeps the repo, the user's and python's site-packages off
# sys.path, so anything the handler imports must be in the bundle (as in Lambda, minus boto3,
# which the memory store must not need).
PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import app
response = app.handler(json.loads(sys.argv[2]), None)
assert "boto3" not in sys.modules, "the memory store imported boto3"
# Lambda's /var/task is read-only: every module loaded from the bundle must come with bytecode.
import importlib.util, os
uncompiled = sorted(
    name for name, module in list(sys.modules.items())
    if (getattr(module, "__file__", None) or "").startswith(sys.argv[1])
    and (getattr(module, "__file__", "") or "").endswith(".py")
    and not os.path.exists(importlib.util.cache_from_source(module.__file__))
)
assert not uncompiled, f"loaded from source: {uncompiled}"
print(json.dumps(response))
"""


@pytest.fixture(scope="module")
def function_dir(tmp_path_factory) -> Path:
    sam = bundle_size.find_sam()
    if not sam:
        pytest.skip("sam not installed (set SAM_CLI_PATH or create .venv-sam: dev.py check)")
    if not find_python313():
        pytest.skip("python3.13 not found (pyenv 3.13.0 or python3.13 on PATH): sam build needs it")
    build_dir = tmp_path_factory.mktemp("sam-build")
    try:
        return bundle_size.sam_build(build_dir, sam=sam, quiet=True)
    except RuntimeError as exc:
        pytest.fail(str(exc))


def test_bundle_has_no_boto3(function_dir):
    assert bundle_size.forbidden_packages(function_dir) == []
    assert not (function_dir / "boto3").exists()
    assert not (function_dir / "botocore").exists()
    assert (function_dir / "app.py").is_file()
    assert (function_dir / "ask_sdk_core").is_dir()
    assert len(bundle_size.zip_bytes(function_dir)) < bundle_size.ZIP_LIMIT


def test_bundle_answers_a_launch_request(function_dir):
    python = find_python313()
    assert python
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LEGCOACH_STORE": "memory",
        "SKILL_ID": SKILL_ID,
        "AWS_REGION": "us-east-1",
        "PYENV_VERSION": bundle_size.PYENV_VERSION,
    }
    result = subprocess.run(
        [python, "-I", "-S", "-B", "-c", PROBE, str(function_dir), json.dumps(launch_request())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    response = json.loads(result.stdout.strip().splitlines()[-1])
    check_response(response, "LaunchRequest")
    # The deployed default is APL for Audio: the set plays from the directive's document.
    (directive,) = response["response"]["directives"]
    assert directive["type"] == "Alexa.Presentation.APLA.RenderDocument"
    assert "Leg Workout" in json.dumps(directive["document"])
