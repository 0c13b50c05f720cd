"""The baseline the skill is measured against: a minimal skill built the way Amazon's samples do.

`benchmark.py` writes `BASELINE_SOURCE` to a temporary folder as `lambda_function.py` (the
samples' name) and installs the SDK's own DynamoDB adapter (`ask-sdk-dynamodb-persistence-adapter`)
next to it with `pip install --target`, so the adapter never enters the project's environment or
its bundle. It is the Alexa-hosted Python template's shape: a boto3 resource and the SDK's
`DynamoDbAdapter` created at import, `CustomSkillBuilder`, a LaunchRequest handler that reads the
persistent attributes and one intent handler with an AMAZON.NUMBER slot that reads and saves them.
"""

from __future__ import annotations

ADAPTER_REQUIREMENT = "ask-sdk-dynamodb-persistence-adapter==1.19.0"
# What the samples' requirements.txt bundles (boto3 included, as the samples do).
BUNDLE_REQUIREMENTS = ("ask-sdk-core==1.19.0", ADAPTER_REQUIREMENT, "boto3==1.44.5")
# The boto3 the Lambda runtime provides, for ours (which bundles none): the same release.
RUNTIME_BOTO3 = "boto3==1.44.5"
MODULE = "lambda_function"
HANDLER = "lambda_handler"
BUILDER = "sb"  # the module attribute holding the skill builder (the benchmark swaps its store)
INTENT = "CountIntent"
SLOT = "count"
TABLE_ENV = "DYNAMODB_PERSISTENCE_TABLE_NAME"
REGION_ENV = "DYNAMODB_PERSISTENCE_REGION"
PARTITION_KEY = "id"  # the SDK adapter's default partition key name

BASELINE_SOURCE = """\
import logging
import os

import boto3
from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import get_slot_value, is_intent_name, is_request_type
from ask_sdk_dynamodb.adapter import DynamoDbAdapter

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)

ddb_region = os.environ.get("DYNAMODB_PERSISTENCE_REGION")
ddb_table_name = os.environ.get("DYNAMODB_PERSISTENCE_TABLE_NAME")
ddb_resource = boto3.resource("dynamodb", region_name=ddb_region)
dynamodb_adapter = DynamoDbAdapter(
    table_name=ddb_table_name, create_table=False, dynamodb_resource=ddb_resource
)
sb = CustomSkillBuilder(persistence_adapter=dynamodb_adapter)


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        attributes = handler_input.attributes_manager.persistent_attributes
        total = int(attributes.get("total", 0))
        speak_output = f"Welcome back. You have logged {total} reps. How many did you do?"
        return (
            handler_input.response_builder.speak(speak_output)
            .ask("How many did you do?")
            .response
        )


class CountIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("CountIntent")(handler_input)

    def handle(self, handler_input):
        count = int(get_slot_value(handler_input, "count"))
        attributes_manager = handler_input.attributes_manager
        attributes = attributes_manager.persistent_attributes
        attributes["last"] = count
        attributes["total"] = int(attributes.get("total", 0)) + count
        attributes_manager.persistent_attributes = attributes
        attributes_manager.save_persistent_attributes()
        speak_output = f"{count}. That makes {attributes['total']} in all. How many next?"
        return (
            handler_input.response_builder.speak(speak_output)
            .ask("How many did you do?")
            .response
        )


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        logger.error(exception, exc_info=True)
        speak_output = "Sorry, I had trouble doing what you asked. Please try again."
        return handler_input.response_builder.speak(speak_output).ask(speak_output).response


sb.add_request_handler(LaunchRequestHandler())
sb.add_request_handler(CountIntentHandler())
sb.add_exception_handler(CatchAllExceptionHandler())

lambda_handler = sb.lambda_handler()
"""
