"""Fixtures for the integration tests: a real OpenID Provider on a free loopback port."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .oidc import OidcProvider
from .provider_process import ProviderStartFailed, ProviderUnavailable, start_provider


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OidcProvider]:
    """A started oidc-provider; stopped when the session ends.

    Without node or the provider's installed packages the tests that use it are skipped on a
    workstation, but fail under CI=true: there a skip would hide that nothing was tested.
    """
    try:
        running = start_provider()
    except ProviderUnavailable as missing:
        if _running_in_ci():
            pytest.fail(f"integration provider unavailable under CI: {missing}", pytrace=False)
        pytest.skip(f"integration provider unavailable: {missing}")
    except ProviderStartFailed as failure:
        pytest.fail(f"integration provider did not start: {failure}", pytrace=False)
    try:
        yield running.provider
    finally:
        running.stop()
