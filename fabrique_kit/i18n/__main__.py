"""List the French messages of the library that have no English translation yet.

Run ``python -m fabrique_kit.i18n`` and paste its output into a ``.po`` file of
``fabrique_kit/i18n/locales/en/LC_MESSAGES/``, then write each ``msgstr``.
"""

from __future__ import annotations

import sys

from fabrique_kit.i18n import ngettext
from fabrique_kit.i18n.extract import missing_translations


def main() -> int:
    missing = missing_translations("en")
    for message, where in missing:
        escaped = message.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        print(f"#: {where}\nmsgid \"{escaped}\"\nmsgstr \"\"\n")
    count = len(missing)
    print("# " + ngettext("{n} message sans traduction", "{n} messages sans traduction", count), file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
