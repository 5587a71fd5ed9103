import pytest


@pytest.fixture(autouse=True)
def _services(backing_services: None) -> None:
    """Every integration test runs against DynamoDB Local and moto."""
