"""Build step of fabrique-kit: the wheel ships its catalogues compiled (``.mo``).

Everything else about the package is in ``pyproject.toml``. At run time a hall screen
then reads its messages with the standard library's ``gettext`` alone
(``fabrique_kit/i18n/catalogues.py``).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    """``build_py``, then every ``.po`` of the build compiled beside itself to a ``.mo``."""

    def run(self):
        super().run()
        import hashlib

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path(self.build_lib, "fabrique_kit", "i18n", "locales").glob("*/LC_MESSAGES/*.po"):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parent.parent.name)
            catalog.project = "fabrique-kit x-po-digest=" + hashlib.sha256(po.read_bytes()).hexdigest()
            with po.with_suffix(".mo").open("wb") as out:
                write_mo(out, catalog)


setup(cmdclass={"build_py": BuildWithCatalogues})
