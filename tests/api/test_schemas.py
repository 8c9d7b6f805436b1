"""`api.schema`: the published schemas by name, and `UsageError` for any other name."""

from __future__ import annotations

import pytest

from obcrules import api
from obcrules.results import schemas


def test_every_name_has_a_shipped_schema() -> None:
    assert set(api.SCHEMA_NAMES) == set(schemas.DOCUMENTS)
    for name in api.SCHEMA_NAMES:
        assert api.schema(name) == schemas.shipped(name)


def test_an_unknown_name_is_a_usage_error() -> None:
    with pytest.raises(api.UsageError) as caught:
        api.schema("ocds")
    assert caught.value.argument == "name"
