"""Provider URLs cannot aim the panel at private addresses, on saving and on every call; a
new URL needs the API key again. No traffic leaves 127.0.0.1: other DNS answers are simulated
by replacing the adapter's resolver."""

from __future__ import annotations

import pytest

from chalicelib.adapters import provider_http
from chalicelib.domain.errors import InvalidInput
from chalicelib.services import catalog, providers_health
from chalicelib.settings import get_settings
from chalicelib.store import catalog as catalog_store
from devstack.provider_sim import API_KEY
from devstack.stack import TEST
from tests.support import provider_sim
from tests.support.provider_sim import SIM


def _total_calls() -> int:
    return provider_sim.calls().get("total", 0)


@pytest.fixture
def cloud_stage(fresh_table, monkeypatch):
    """Rules of a deployed stage (the secret store is never reached: every save is refused)."""
    monkeypatch.setenv("PANEL_STAGE", "prod")
    get_settings.cache_clear()
    yield
    monkeypatch.setenv("PANEL_STAGE", "test")
    get_settings.cache_clear()


def _resolver(monkeypatch, answers: dict[str, list[str]]) -> None:
    real = provider_http.resolve
    monkeypatch.setattr(provider_http, "resolve", lambda host, port: answers[host] if host in answers
                        else real(host, port))


@pytest.mark.parametrize(("url", "message"), [
    pytest.param(f"http://127.0.0.1:{TEST.provider_port}/api/v2", "https://", id="the-simulator-over-http"),
    ("http://provider.example/api/v2", "https://"),
    ("https://169.254.169.254/latest/meta-data/", "link-local"),
    ("https://10.0.0.1/api/v2", "private"),
    ("https://[::ffff:127.0.0.1]/api/v2", "loopback"),
    ("https://[::ffff:169.254.169.254]/api/v2", "link-local"),
    ("https://[::1]/api/v2", "loopback"),
    ("https://0.0.0.0/api/v2", "unspecified"),
    ("https://localhost/api/v2", "loopback"),
])
def test_a_cloud_stage_refuses_to_save_a_non_public_or_plain_http_url(cloud_stage, url, message) -> None:
    with pytest.raises(InvalidInput, match=message) as refused:
        catalog.add_provider("P", url, API_KEY)
    assert refused.value.fields == {"api_url": "invalid"}
    assert catalog_store.providers() == []


@pytest.mark.parametrize("url", ["https://169.254.169.254/", "https://10.0.0.1/", "http://example.com/api/v2",
                                 "https://[::ffff:10.0.0.1]/"])
def test_local_stages_refuse_private_addresses_too(fresh_table, url) -> None:
    with pytest.raises(InvalidInput):
        catalog.add_provider("P", url, API_KEY)
    assert catalog_store.providers() == []


def test_a_name_that_resolves_to_a_private_address_is_refused(cloud_stage, monkeypatch) -> None:
    _resolver(monkeypatch, {"provider.example": ["203.0.113.9", "10.20.30.40"]})
    with pytest.raises(InvalidInput, match="private"):
        catalog.add_provider("P", "https://provider.example/api/v2", API_KEY)
    assert catalog_store.providers() == []


def test_dns_changing_after_saving_is_caught_on_every_call_before_any_traffic(fresh_table, monkeypatch) -> None:
    good = catalog.add_provider("Good", f"{SIM}/api/v2", API_KEY)
    moved = catalog.add_provider("Moved", f"http://localhost:{TEST.provider_port}/api/v2", API_KEY)
    _resolver(monkeypatch, {"localhost": ["10.0.0.7"]})  # the name now points inside the network
    before = _total_calls()
    report = providers_health.check_all()
    assert "private address" in report[str(moved.provider_id)]["error"]
    assert report[str(good.provider_id)]["balance"] == "1250.40"
    assert _total_calls() - before == 1  # only the good provider was called
    with pytest.raises(InvalidInput, match="private address"):
        catalog.provider_balance(moved.provider_id)


def test_the_call_connects_to_the_checked_address_not_to_the_name_again(fresh_table, monkeypatch) -> None:
    provider = catalog.add_provider("Named", f"http://localhost:{TEST.provider_port}/api/v2", API_KEY)
    assert catalog.provider_balance(provider.provider_id)["balance"] == "1250.40"
    # The check says ::1, where nothing listens; resolving "localhost" again would reach 127.0.0.1.
    _resolver(monkeypatch, {"localhost": ["::1"]})
    with pytest.raises(InvalidInput, match="could not be reached"):
        catalog.provider_balance(provider.provider_id)


def test_changing_the_url_needs_the_key_again_and_changes_nothing_without_it(fresh_table) -> None:
    provider = catalog.add_provider("Sim", f"{SIM}/api/v2", API_KEY)
    other_url = f"http://localhost:{TEST.provider_port}/api/v2"
    with pytest.raises(InvalidInput, match="API key") as refused:
        catalog.update_provider(provider.provider_id, api_url=other_url, name="Renamed")
    assert refused.value.fields == {"api_key": "required"}
    assert catalog_store.get_provider(provider.provider_id) == provider
    same = catalog.update_provider(provider.provider_id, api_url=f"{SIM}/api/v2", name="Renamed")
    assert same.name == "Renamed" and same.api_url == provider.api_url  # the same URL needs no key
    moved = catalog.update_provider(provider.provider_id, api_url=other_url, api_key=API_KEY)
    assert moved.api_url == other_url
    assert catalog.provider_balance(provider.provider_id)["balance"] == "1250.40"


def test_a_refused_new_url_keeps_the_old_url_and_key(fresh_table) -> None:
    provider = catalog.add_provider("Sim", f"{SIM}/api/v2", API_KEY)
    with pytest.raises(InvalidInput, match="private"):
        catalog.update_provider(provider.provider_id, api_url="https://10.0.0.1/api/v2", api_key="attacker-key-1")
    assert catalog_store.get_provider(provider.provider_id) == provider
    assert catalog.provider_balance(provider.provider_id)["balance"] == "1250.40"  # the old key still works
