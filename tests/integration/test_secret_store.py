"""The secret store against Secrets Manager (moto's, the test stack's endpoint): names under
the stage's prefix, the cache and `forget()`, creating on first write, first-writer-wins
creation, and a missing secret's error."""

from __future__ import annotations

import secrets

import boto3
import pytest

from chalicelib import secret_names
from chalicelib.adapters import secret_store
from chalicelib.services import catalog
from devstack.provider_sim import API_KEY
from tests.support.provider_sim import SIM, configure


def _name(kind: str) -> str:
    return f"test/{kind}-{secrets.token_hex(4)}"


def _stored(name: str) -> str:
    """What Secrets Manager holds, read around the adapter (as another container would)."""
    return str(boto3.client("secretsmanager").get_secret_value(SecretId=f"smm-panel/test/{name}")["SecretString"])


def _write_elsewhere(name: str, value: str) -> None:
    boto3.client("secretsmanager").put_secret_value(SecretId=f"smm-panel/test/{name}", SecretString=value)


def test_put_creates_the_secret_under_the_stage_prefix_and_then_writes_new_versions() -> None:
    name = _name("created")
    secret_store.put(name, "first")
    assert _stored(name) == "first"
    assert secret_store.get(name) == "first"
    secret_store.put(name, "second")
    assert _stored(name) == "second"
    assert secret_store.get(name) == "second"  # the writer's own container reads it at once


def test_a_value_changed_elsewhere_is_read_after_forget() -> None:
    name = _name("rotated")
    secret_store.put(name, "old")
    assert secret_store.get(name) == "old"
    _write_elsewhere(name, "new")
    assert secret_store.get(name) == "old"  # cached: no call per request
    secret_store.forget()
    assert secret_store.get(name) == "new"


def test_a_rotated_provider_key_is_used_at_once(fresh_table) -> None:
    configure(reset=True)
    provider = catalog.add_provider("Sim", f"{SIM}/api/v2", "an-old-key-" + secrets.token_hex(4))
    key_name = secret_names.provider_api_key(provider.provider_id)
    assert secret_store.get(key_name).startswith("an-old-key-")  # now cached in this container
    catalog.update_provider(provider.provider_id, api_key=API_KEY)
    assert _stored(key_name) == API_KEY
    assert catalog.provider_balance(provider.provider_id)["balance"] == "1250.40"  # the simulator takes only API_KEY


def test_a_missing_secret_names_the_secret() -> None:
    name = _name("never-set")
    with pytest.raises(secret_store.SecretMissing) as raised:
        secret_store.get(name)
    assert f"smm-panel/test/{name}" in str(raised.value)
    assert raised.value.full_name == f"smm-panel/test/{name}"


def test_get_or_create_keeps_the_first_value() -> None:
    name = _name("made")
    first = secret_store.get_or_create(name, lambda: "from-the-first-container")
    second = secret_store.get_or_create(name, lambda: "from-the-second-container")
    secret_store.forget()
    assert first == second == secret_store.get(name) == "from-the-first-container"


def test_get_or_create_loses_a_race_to_the_value_another_container_created() -> None:
    name = _name("raced")

    def make_while_another_container_creates_it() -> str:
        boto3.client("secretsmanager").create_secret(Name=f"smm-panel/test/{name}", SecretString="winner")
        return "loser"

    assert secret_store.get_or_create(name, make_while_another_container_creates_it) == "winner"
    assert _stored(name) == "winner"
