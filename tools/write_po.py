"""Add English translations to a catalogue: python tools/write_po.py PART translations.json

The JSON file maps each French message to its English text. Existing entries are kept.
"""

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

part, source = sys.argv[1], sys.argv[2]
path = Path(__file__).resolve().parent.parent / "fabrique_kit/i18n/locales/en/LC_MESSAGES" / f"{part}.po"
if path.exists():
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
else:
    catalog = Catalog(locale="en", project="fabrique-kit", domain=part)
for fr, en in json.loads(Path(source).read_text(encoding="utf-8")).items():
    catalog.add(fr, en)
with path.open("wb") as handle:
    write_po(handle, catalog, width=100, sort_output=True, omit_header=False)
print(f"{path}: {len(catalog)} messages")
