#!/usr/bin/env python3
"""Assemble the ASK CLI skill package from skill/ and interaction_models/.

    python scripts/ask_layout.py --endpoint arn:aws:lambda:us-east-1:123456789012:function:X:live
    python scripts/ask_layout.py --stack leg-workout [--region us-east-1]

writes (skill-package/ is git-ignored, rebuilt on every run):

    skill-package/skill.json                               skill/skill.json, endpoint filled in
    skill-package/interactionModels/custom/<locale>.json   interaction_models/<locale>.json
    skill-package/assets/...                               skill/assets/ (icons), when present

``--stack`` reads the ``SkillEndpointArn`` output of the SAM stack (boto3, the usual AWS
credentials and region). ``--ask-resources`` also writes ``ask-resources.json`` beside the
package when missing, so that ``ask deploy`` finds it. The interaction models are checked
first (``python -m legcoach_dev.models check``); ``--skip-check`` deploys them as they are.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "devkit"))
from legcoach_dev import models

ROOT = models.ROOT
PLACEHOLDER = "arn:aws:lambda:REGION:ACCOUNT:function:NAME:live"
STACK_OUTPUT = "SkillEndpointArn"
ENDPOINT_RE = re.compile(
    r"^arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:function:[A-Za-z0-9_-]{1,64}"
    r"(?::[A-Za-z0-9_$-]+)?$"
)
ASK_RESOURCES = {
    "askcliResourcesVersion": "2020-03-31",
    "profiles": {"default": {"skillMetadata": {"src": "./skill-package"}}},
}


class LayoutError(Exception):
    """The package cannot be assembled (bad endpoint, missing files, failing checks)."""


def fill_endpoint(manifest: Mapping[str, Any], endpoint: str) -> dict[str, Any]:
    """A copy of the manifest with the skill endpoint and the events endpoint set."""
    if not ENDPOINT_RE.match(endpoint):
        raise LayoutError(f"not a Lambda function ARN: {endpoint!r}")
    filled = copy.deepcopy(dict(manifest))
    body = filled["manifest"]
    body["apis"]["custom"]["endpoint"] = {"uri": endpoint}
    if "events" in body:
        body["events"]["endpoint"] = {"uri": endpoint}
    return filled


def stack_output(stack: str, key: str = STACK_OUTPUT, *, client: Any = None) -> str:
    """One output of a CloudFormation stack (``aws cloudformation describe-stacks``)."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        if client is None:
            import boto3

            client = boto3.client("cloudformation")
        stacks = client.describe_stacks(StackName=stack)["Stacks"]
    except (BotoCoreError, ClientError) as exc:
        raise LayoutError(f"cannot read stack {stack}: {exc}") from exc
    for output in stacks[0].get("Outputs", []) if stacks else []:
        if output.get("OutputKey") == key:
            return str(output["OutputValue"])
    raise LayoutError(f"stack {stack} has no output {key} (was template.yaml deployed?)")


def build_package(
    endpoint: str,
    out: Path,
    *,
    root: Path = ROOT,
    skip_check: bool = False,
    ask_resources: bool = False,
) -> list[Path]:
    """Write the skill package into ``out``; return the files written."""
    if not skip_check:
        problems = models.check(root)
        if problems:
            raise LayoutError(
                "interaction models or manifest have problems (legcoach_dev.models check):\n  "
                + "\n  ".join(problems)
            )
    manifest = json.loads((root / models.MANIFEST).read_text(encoding="utf-8"))
    filled = fill_endpoint(manifest, endpoint)
    locales = list(filled["manifest"]["publishingInformation"]["locales"])
    written: list[Path] = []

    out.mkdir(parents=True, exist_ok=True)
    custom = out / "interactionModels" / "custom"
    if custom.exists():
        for stale in custom.glob("*.json"):
            stale.unlink()
    custom.mkdir(parents=True, exist_ok=True)
    for locale in locales:
        source = models.model_path(root, locale)
        if not source.exists():
            raise LayoutError(f"{source}: missing (run: python -m legcoach_dev.models generate)")
        target = custom / f"{locale}.json"
        shutil.copyfile(source, target)
        written.append(target)

    skill_json = out / "skill.json"
    skill_json.write_text(json.dumps(filled, indent=2, ensure_ascii=False) + "\n", "utf-8")
    written.append(skill_json)

    assets = root / "skill" / "assets"
    if assets.is_dir():
        shutil.rmtree(out / "assets", ignore_errors=True)
        shutil.copytree(assets, out / "assets")
        written += sorted(p for p in (out / "assets").rglob("*") if p.is_file())

    if ask_resources:
        resources = out.parent / "ask-resources.json"
        if not resources.exists():
            data = copy.deepcopy(ASK_RESOURCES)
            data["profiles"]["default"]["skillMetadata"]["src"] = f"./{out.name}"
            resources.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
            written.append(resources)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--endpoint", help="the Lambda alias ARN (the stack's SkillEndpointArn)")
    where.add_argument("--stack", help="read SkillEndpointArn from this CloudFormation stack")
    parser.add_argument("--region", help="AWS region of --stack (default: your AWS config)")
    parser.add_argument("--out", type=Path, default=ROOT / "skill-package")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    parser.add_argument("--skip-check", action="store_true", help="do not run models.py check")
    parser.add_argument(
        "--ask-resources", action="store_true", help="write ask-resources.json if missing"
    )
    args = parser.parse_args(argv)
    try:
        endpoint = args.endpoint
        if args.stack:
            client = None
            if args.region:
                import boto3

                client = boto3.client("cloudformation", region_name=args.region)
            endpoint = stack_output(args.stack, client=client)
        written = build_package(
            endpoint,
            args.out,
            root=args.root,
            skip_check=args.skip_check,
            ask_resources=args.ask_resources,
        )
    except LayoutError as exc:
        print(f"ask_layout: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(f"endpoint: {endpoint}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
