"""Python values <-> DynamoDB's typed attribute values, and an item's size as DynamoDB counts it.

Stored types: ``int``, ``bool``, ``str``, ``None``, ``list``, ``dict`` (string keys). ``float`` is
refused (``TypeError``): DynamoDB has no binary floats and this skill stores none. Numbers come
back as ``int``; a non-integral number can only come from a hand-edited item and makes the item
unreadable rather than silently a float or a string.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import StoredDataError


def serialize(value: object, path: str = "data") -> dict[str, Any]:
    """Python value -> DynamoDB attribute value. ``path`` names the spot in error messages."""
    # bool before int: bool is a subclass of int.
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, float):
        raise TypeError(
            f"{path} is a float ({value!r}): persistent attributes store no floats; "
            "keep whole numbers (e.g. seconds, tenths) as int"
        )
    if isinstance(value, list):
        return {"L": [serialize(item, f"{path}[{i}]") for i, item in enumerate(value)]}
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path} has a non-string key {key!r}: map keys must be str")
            out[key] = serialize(item, f"{path}.{key}")
        return {"M": out}
    raise TypeError(
        f"{path} is a {type(value).__name__}: persistent attributes hold only "
        "int, bool, str, None, list and dict"
    )


def deserialize(attribute: Mapping[str, Any], path: str = "data") -> Any:
    """DynamoDB attribute value -> plain Python (numbers as int)."""
    if len(attribute) != 1:
        raise StoredDataError(f"{path}: malformed attribute value {attribute!r}")
    ((kind, raw),) = attribute.items()
    if kind == "S":
        return raw
    if kind == "N":
        return to_int(raw, path)
    if kind == "BOOL":
        return bool(raw)
    if kind == "NULL":
        return None
    if kind == "L":
        return [deserialize(item, f"{path}[{i}]") for i, item in enumerate(raw)]
    if kind == "M":
        return {key: deserialize(item, f"{path}.{key}") for key, item in raw.items()}
    raise StoredDataError(
        f"{path}: unsupported DynamoDB type {kind!r} (this store never writes it)"
    )


def to_int(raw: str | Decimal, path: str) -> int:
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:
        raise StoredDataError(f"{path}: {raw!r} is not a number") from exc
    if not number.is_finite() or number != number.to_integral_value():
        raise StoredDataError(
            f"{path}: stored number {raw} is not a whole number; this store writes only ints "
            "(was the item edited by hand?)"
        )
    return int(number)


def item_size(item: Mapping[str, Any]) -> int:
    """An upper bound of DynamoDB's size of an item (names plus values, in bytes)."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(attribute: Mapping[str, Any]) -> int:
    ((kind, raw),) = attribute.items()
    if kind == "S":
        return len(raw.encode())
    if kind == "N":
        return len(str(raw)) // 2 + 2
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "L":
        return 3 + sum(1 + _value_size(v) for v in raw)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + _value_size(v) for k, v in raw.items())
    return len(str(raw).encode())
