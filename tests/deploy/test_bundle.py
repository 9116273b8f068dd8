"""Bundles: what the laptop sends, and what the kit refuses (with a French reason)."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from fabrique_kit.deploy.bundle import (
    BundleError,
    BundleTooBig,
    extract_bundle,
    inspect_bundle,
    make_bundle,
)
from fabrique_kit.i18n import use_language
from tests.deploy.zips import make_zip, project_zip


def names(data: bytes) -> set[str]:
    return set(zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_make_bundle_leaves_out_data_caches_secrets_and_links(project, tmp_path):
    (project / ".fabrique" / "compteurs").mkdir(parents=True)
    (project / ".fabrique" / "compteurs" / "attente.sqlite3").write_bytes(b"counts")
    (project / "__pycache__").mkdir()
    (project / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"x")
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "python").write_text("x")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("x")
    (project / ".env").write_text("SECRET=1")
    (project / "images").mkdir()
    (project / "images" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "outside.txt").write_text("secret")
    os.symlink(tmp_path / "outside.txt", project / "lien.txt")

    bundle = make_bundle(project)
    inside = names(bundle.data)
    assert {"main.py", "fabrique.toml", "semainier.json", "images/logo.png"} <= inside
    assert not [n for n in inside if n.startswith((".fabrique", "__pycache__", ".venv", ".git"))]
    assert ".env" not in inside and "lien.txt" not in inside
    assert "lien.txt" in bundle.skipped and ".env" in bundle.skipped


def test_make_bundle_removes_the_site_key_but_keeps_the_rest(project):
    original = (project / "fabrique.toml").read_text(encoding="utf-8")
    assert "cle = " in original
    config = zipfile.ZipFile(io.BytesIO(make_bundle(project).data)).read("fabrique.toml").decode("utf-8")
    assert "cle =" not in config
    assert "Espace Social Commun Maurepas" in config and "[site]" in config
    assert "# La clé partagée" in config  # the comments stay


def test_a_valid_bundle_unpacks(tmp_path):
    files = extract_bundle(project_zip({"images/logo.png": b"\x89PNG"}), tmp_path / "v")
    assert sorted(files) == ["images/logo.png", "main.py"]
    assert (tmp_path / "v" / "images" / "logo.png").read_bytes() == b"\x89PNG"


@pytest.mark.parametrize(
    ("entries", "links", "words"),
    [
        ({"../evil.py": "x"}, None, "remonte avec « .. »"),
        ({"images/../../evil.py": "x"}, None, "remonte avec « .. »"),
        ({"/etc/cron.d/evil": "x"}, None, "chemin absolu"),
        ({"C:/evil.py": "x"}, None, "chemin absolu"),
        ({"images\\..\\evil.py": "x"}, None, "caractère interdit"),
        ({".fabrique/pin.json": "{}"}, None, "les données d'un kit ne voyagent jamais"),
        ({}, {"lien": "../../../etc/passwd"}, "lien symbolique"),
        ({}, {"images/ok": "logo.png"}, "lien symbolique"),
    ],
)
def test_unsafe_entries_are_refused_with_a_french_reason(tmp_path, entries, links, words):
    data = project_zip(entries, links=links)
    with use_language("fr"), pytest.raises(BundleError) as refused:
        extract_bundle(data, tmp_path / "v")
    assert words in str(refused.value)
    assert not (tmp_path / "evil.py").exists()
    assert not (tmp_path / "v").exists()  # checked before anything is written


def test_zip_bomb_by_ratio_and_by_total_size(tmp_path):
    bomb = make_zip({"main.py": "x", "zeros.bin": b"\0" * (8 * 1024 * 1024)})
    assert len(bomb) < 100_000  # 8 MB of zeros shrink to a few kB
    with use_language("fr"), pytest.raises(BundleError, match="bombe zip"):
        inspect_bundle(bomb)
    many = make_zip({f"f{i}.bin": os.urandom(200_000) for i in range(6)}, compression=zipfile.ZIP_STORED)
    with use_language("fr"), pytest.raises(BundleError, match="plus de 1 Mo une fois décompressé"):
        inspect_bundle(many, max_unpacked=1024 * 1024)


def test_oversize_and_not_a_zip(tmp_path):
    with use_language("fr"), pytest.raises(BundleTooBig, match="Paquet trop gros"):
        inspect_bundle(b"PK" + b"\0" * 2048, max_size=1024)
    with use_language("fr"), pytest.raises(BundleError, match="pas un fichier zip valide"):
        inspect_bundle(b"ceci n'est pas un zip")
    with use_language("fr"), pytest.raises(BundleError, match="au plus 3"):
        inspect_bundle(make_zip({f"{i}.txt": "x" for i in range(4)}), max_files=3)


def test_english_reasons():
    with use_language("en"), pytest.raises(BundleError) as refused:
        inspect_bundle(project_zip({"../evil.py": "x"}))
    assert "outside the project folder" in str(refused.value)
