import os

import pytest

from tests.server.cluster import Cluster, available


@pytest.fixture(scope="session")
def cluster():
    why = available()
    if why and os.environ.get("GRIDMAP_REQUIRE_SERVER"):
        pytest.fail(f"{why}; CI (.ci/run) runs the database tests, so they may not be skipped")
    if why:
        pytest.skip(why)
    c = Cluster().start()
    yield c
    c.stop()
