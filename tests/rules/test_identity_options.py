"""Options of the identity rules are validated from their types."""

from __future__ import annotations

import pytest

from pipelint.config import ConfigError, RawConfig, validate
from pipelint.plugins.manager import load_plugins


def _validate(data: dict[str, object]) -> None:
    validate(RawConfig(data, None, lambda pointer, key: "config"), load_plugins().rule_classes())


def test_an_unknown_capability_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="'CAPABILITY_IAMS' is not one of"):
        _validate({"rules": {"PL404": {"allowed-capabilities": ["CAPABILITY_IAMS"]}}})


def test_forbidden_managed_policies_are_names() -> None:
    with pytest.raises(ConfigError, match="is not of type 'string'"):
        _validate({"rules": {"PL405": {"forbidden-managed-policies": [1]}}})
    _validate({"rules": {"PL405": {"forbidden-managed-policies": ["PowerUserAccess"]}}})
