"""Creating the progress table, for local runs and tests only: in AWS the SAM template owns it."""

from __future__ import annotations

from typing import Any

KEY_SCHEMA = {"user_id": "HASH", "person": "RANGE"}


def ensure_table(store: Any) -> None:
    """Create ``store.table_name`` (on-demand billing) at the store's endpoint unless it exists.

    Its own client, with botocore's default timeouts: creating a table is no turn of a
    conversation, and a local server's first call can take longer than a turn's bounded one.
    Raises if an existing table has another key schema: the skill's items would not fit it.
    """
    import botocore.session

    client = botocore.session.get_session().create_client(
        "dynamodb", region_name=store.region, endpoint_url=store.endpoint_url
    )
    try:
        client.create_table(
            TableName=store.table_name,
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": "S"} for name in KEY_SCHEMA
            ],
            KeySchema=[
                {"AttributeName": name, "KeyType": kind} for name, kind in KEY_SCHEMA.items()
            ],
            BillingMode="PAY_PER_REQUEST",
        )
    except Exception as exc:
        code = (getattr(exc, "response", None) or {}).get("Error", {}).get("Code", "")
        if code != "ResourceInUseException":
            raise
    client.get_waiter("table_exists").wait(
        TableName=store.table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
    )
    table = client.describe_table(TableName=store.table_name)["Table"]
    schema = {key["AttributeName"]: key["KeyType"] for key in table["KeySchema"]}
    if schema != KEY_SCHEMA:
        raise RuntimeError(
            f"table {store.table_name} exists with key schema {schema}; "
            "expected user_id (HASH) + person (RANGE)"
        )
