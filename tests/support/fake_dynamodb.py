"""An in-process stand-in for the two DynamoDB calls a conversation makes, for long runs.

moto spends ~100 ms on each call once a record holds a dozen sessions (it deep-copies and sizes
every attribute), which puts a thousand-turn conversation past two minutes. This client keeps
items as DynamoDB's typed JSON and implements exactly the GetItem and PutItem the adapter sends,
with its three write conditions and ``ReturnValuesOnConditionCheckFailure``; anything else fails
loudly. The same conversation runs on moto too, shorter, so the two are held to one result.
"""

from __future__ import annotations

import copy
from typing import Any

from botocore.exceptions import ClientError


class FakeDynamoDb:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.calls = 0

    @staticmethod
    def _key(table: str, key: dict[str, Any]) -> tuple[str, str, str]:
        return table, key["user_id"]["S"], key["person"]["S"]

    def get_item(self, *, TableName: str, Key: dict, ConsistentRead: bool = False) -> dict:
        self.calls += 1
        item = self.items.get(self._key(TableName, Key))
        return {"Item": copy.deepcopy(item)} if item is not None else {}

    def put_item(
        self,
        *,
        TableName: str,
        Item: dict,
        ConditionExpression: str,
        ExpressionAttributeValues: dict | None = None,
        ReturnValuesOnConditionCheckFailure: str = "NONE",
    ) -> dict:
        self.calls += 1
        key = self._key(TableName, Item)
        old = self.items.get(key)
        if ConditionExpression == "attribute_not_exists(user_id)":
            ok = old is None
        elif ConditionExpression == "attribute_not_exists(version)":
            ok = old is None or "version" not in old
        elif ConditionExpression == "version = :expected":
            assert ExpressionAttributeValues is not None
            ok = old is not None and old.get("version") == ExpressionAttributeValues[":expected"]
        else:
            raise NotImplementedError(ConditionExpression)
        if not ok:
            response: dict[str, Any] = {
                "Error": {"Code": "ConditionalCheckFailedException", "Message": "failed"},
                "ResponseMetadata": {"HTTPStatusCode": 400},
            }
            if ReturnValuesOnConditionCheckFailure == "ALL_OLD" and old is not None:
                response["Item"] = copy.deepcopy(old)
            raise ClientError(response, "PutItem")
        self.items[key] = copy.deepcopy(Item)
        return {}
