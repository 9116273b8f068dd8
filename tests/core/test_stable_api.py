"""The stable API: importable from ``fabrique_kit``, lazily, and the Source protocol."""

import subprocess
import sys

import fabrique_kit
from fabrique_kit import Source
from fabrique_kit.source import missing_members


def test_every_stable_name_is_importable_from_the_package():
    for name in fabrique_kit.STABLE_API:
        assert getattr(fabrique_kit, name) is not None, name
    assert set(fabrique_kit.__all__) == set(fabrique_kit.STABLE_API) | {"__version__"}


def test_import_fabrique_kit_loads_no_screen_web_or_network_code():
    code = "import sys, fabrique_kit; print(sorted(m for m in sys.modules if m.startswith('fabrique_kit.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded = eval(out.stdout)
    assert loaded == ["fabrique_kit._version"]


def test_the_source_protocol():
    class Thermometre:
        name, every = "temperature", 60.0

        def refresh(self, state):
            return None

        def close(self):
            pass

    class NoClose:
        name, every = "x", 1.0

        def refresh(self, state):
            return None

    assert isinstance(Thermometre(), Source)
    assert missing_members(Thermometre()) == []
    assert not isinstance(NoClose(), Source)
    assert missing_members(NoClose()) == ["close"]
    assert missing_members(object()) == ["name", "every", "refresh", "close"]
