"""Turn any value of the state into plain JSON data, never failing.

Dataclasses (sessions, news, queue status) become dicts, datetimes ISO strings, and
anything unknown its text, so the kits' API can always answer.

Example::

    from datetime import date
    json_ready({"jour": date(2026, 11, 23), "n": {1, 2}})
    # {'jour': '2026-11-23', 'n': [1, 2]}
"""

from __future__ import annotations

import dataclasses
import enum
import math
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any

from fabrique_kit.model import as_dict

_MAX_DEPTH = 20


def json_ready(value: Any, _depth: int = 0) -> Any:
    """``value`` as data that :func:`json.dumps` accepts (dicts, lists, str, numbers, None)."""
    if _depth > _MAX_DEPTH:
        return str(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        try:
            value = as_dict(value)
        except Exception:  # a dataclass holding something deepcopy refuses
            return str(value)
        return json_ready(value, _depth + 1)
    if isinstance(value, dict):
        return {str(k): json_ready(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [json_ready(v, _depth + 1) for v in items]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return json_ready(value.value, _depth + 1)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
