"""Shared fixtures. Qt must be told to render offscreen before anything imports it."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRIDMAP_NO_SETTINGS", "1")  # tests never touch the user's saved window state
if "GRIDMAP_TEST_DATA_HOME" not in os.environ:      # nor the user's recovery journals
    import tempfile
    os.environ["GRIDMAP_TEST_DATA_HOME"] = os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="gridmap-test-")
    os.environ["XDG_CACHE_HOME"] = os.path.join(os.environ["XDG_DATA_HOME"], "cache")   # nor its map pictures

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from layers.messages import set_language  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO_PATH = ROOT / "data" / "hongqi_demo.gpkg"
SHARED_DATA = ROOT.parent / "shared" / "data" / "harbin-osm"


@pytest.fixture(autouse=True)
def _english_messages():
    """Tests read English messages unless they switch; each test starts from the same language."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def demo_path() -> Path:
    assert DEMO_PATH.exists(), "the demo project must be shipped in data/"
    return DEMO_PATH


@pytest.fixture(scope="session")
def demo_project(demo_path):
    """The shipped demo, opened once. Tests must not modify it (use fresh_demo for that)."""
    from gridmap.project import Project
    return Project.open(demo_path)


@pytest.fixture
def fresh_demo(demo_path):
    """A demo project of one's own, free to modify."""
    from gridmap.project import Project
    return Project.open(demo_path)
