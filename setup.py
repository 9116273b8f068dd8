"""Build step of fabrique-kit: the wheel ships its catalogues compiled (``.mo``).

Everything else about the package is in ``pyproject.toml``. At run time a hall screen
then reads its messages with the standard library's ``gettext`` alone
(``fabrique_kit/i18n/catalogues.py``, whose ``compile_po`` this build uses too).
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    """``build_py``, then every ``.po`` of the build compiled beside itself to a ``.mo``."""

    def run(self):
        super().run()
        sys.path.insert(0, self.build_lib)  # the copy being built: importing it loads only its i18n
        try:
            from fabrique_kit.i18n.catalogues import compile_po
        finally:
            sys.path.pop(0)
        for po in Path(self.build_lib, "fabrique_kit", "i18n", "locales").glob("*/LC_MESSAGES/*.po"):
            po.with_suffix(".mo").write_bytes(compile_po(po))


setup(cmdclass={"build_py": BuildWithCatalogues})
