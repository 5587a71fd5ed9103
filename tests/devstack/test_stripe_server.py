"""localstripe keeps its data where the stack says, never in its shared /tmp file."""

from __future__ import annotations

from pathlib import Path

import pytest
from localstripe.resources import Store

from devstack.stripe_server import keep_data_in


@pytest.fixture(autouse=True)
def _restore_store_methods():
    saved = Store.dump_to_disk, Store.try_load_from_disk
    yield
    Store.dump_to_disk, Store.try_load_from_disk = saved


def test_the_persistent_stack_keeps_its_own_file_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "localstripe.pickle"
    keep_data_in(path)
    first = Store()
    first["payment_intent:pi_1"] = {"amount": 1000}
    assert path.exists() and not path.with_suffix(".partial").exists()
    again = Store()
    again.try_load_from_disk()
    assert again == {"payment_intent:pi_1": {"amount": 1000}}


def test_the_test_stack_keeps_nothing_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shared = Path("/tmp/localstripe.pickle")  # localstripe's own fixed path
    before = shared.stat().st_mtime_ns if shared.exists() else None
    keep_data_in(None)
    memory = Store()
    memory["charge:ch_1"] = {"amount": 5}
    memory.try_load_from_disk()
    assert memory == {"charge:ch_1": {"amount": 5}}
    assert list(tmp_path.iterdir()) == []
    assert (shared.stat().st_mtime_ns if shared.exists() else None) == before
