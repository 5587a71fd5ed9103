import pytest


@pytest.fixture(autouse=True)
def _services(backing_services: None) -> None:
    """Every integration test runs against DynamoDB Local and moto."""


@pytest.fixture
def panel(fresh_table):
    """A fresh table with the provider simulator as provider and its services imported:
    (provider, services by the simulator's service id)."""
    from chalicelib.services import catalog
    from chalicelib.store import catalog as catalog_store
    from devstack import worker
    from devstack.provider_sim import API_KEY
    from tests.support.catalog import import_enabled
    from tests.support.provider_sim import SIM, configure

    worker.drain()  # messages left by earlier tests name orders of their own tables
    configure(reset=True)
    provider = catalog.add_provider("Sim", f"{SIM}/api/v2", API_KEY)
    import_enabled(provider.provider_id)
    by_upstream = {s.provider_service: s for s in catalog_store.services()}
    configure(reset=True)  # forget the calls the import made
    yield provider, by_upstream
    configure(reset=True)
