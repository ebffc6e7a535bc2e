import pytest

from tests.server.cluster import Cluster, available


@pytest.fixture(scope="session")
def cluster():
    why = available()
    if why:
        pytest.skip(why)
    c = Cluster().start()
    yield c
    c.stop()
