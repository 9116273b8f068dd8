"""The old paths of the module authors' stable API still work until 0.2, with a warning."""

import re
import sys
from pathlib import Path

import pytest

from fabrique_kit.sources.http import fetch, json_source

OLD_PATHS = [
    ("fabrique_kit.sources.fetch", "fabrique_kit.sources.http.fetch", fetch, ["FetchError", "HttpSource", "fetch"]),
    ("fabrique_kit.sources.http_json", "fabrique_kit.sources.http.json_source", json_source,
     ["JsonSource", "parse_path", "pick", "FetchError"]),
]


@pytest.mark.parametrize(("old", "new", "module", "names"), OLD_PATHS)
def test_an_old_path_gives_the_same_objects_and_warns(old, new, module, names, monkeypatch):
    monkeypatch.delitem(sys.modules, old, raising=False)  # imported again: it warns again
    with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")) as caught:
        __import__(old)  # like an import statement (import_module would add its own frame)
    alias = sys.modules[old]
    assert all(getattr(alias, name) is getattr(module, name) for name in names)
    assert caught[0].filename == __file__  # the warning points at the line that imported it
    assert "0.2" in str(caught[0].message)


def test_the_kit_and_its_examples_use_the_new_paths():
    root = Path(__file__).parents[2]
    aliases = {root / "fabrique_kit" / "sources" / name for name in ("fetch.py", "http_json.py", "_deprecated.py")}
    files = [*(root / "fabrique_kit").rglob("*.py"), *(root / "examples").rglob("*.py")]
    users = [f for f in files if f not in aliases
             and re.search(r"fabrique_kit\.sources\.(fetch|http_json)\b", f.read_text("utf-8"))]
    assert users == []
