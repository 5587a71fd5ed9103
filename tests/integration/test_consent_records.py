"""Consent proof is append-only under concurrency (C9): parallel choices of one consent id
are all kept, none overwrites another."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.services import consent


@pytest.mark.promise("C9")
def test_parallel_choices_of_one_consent_id_are_all_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.settings import get_settings

    monkeypatch.setenv("PANEL_CONSENT_POSTS_PER_ID", "100")
    get_settings.cache_clear()
    try:
        _post_in_parallel()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def _post_in_parallel() -> None:
    consent_id = str(uuid.uuid4())
    revision = consent.registry().revision
    actions = ["first_choice"] + ["change"] * 15

    def post(i: int) -> None:
        accepted = ["necessary", "analytics"] if i % 2 else ["necessary"]
        rejected = [c for c in ("analytics", "functional", "targeting") if c not in accepted]
        consent.record_choice(consent_id, actions[i], accepted, rejected, revision,
                              ip=f"192.0.2.{i + 1}", user_agent="", user_id=None)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(post, range(len(actions))))
    kept = consent.records_of(consent_id)
    assert len(kept) == len(actions)
    assert len({r.ip_hash for r in kept}) == len(actions)
    assert [r.at for r in kept] == sorted(r.at for r in kept)
