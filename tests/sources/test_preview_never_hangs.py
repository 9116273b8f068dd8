"""``fabrique preview`` refreshes every source once before drawing: feeds whose servers
send their headers one byte at a time must not hold it (total deadline, headers
included; the network sources are read side by side)."""

from __future__ import annotations

import time

from fabrique_kit.project import new_project
from tests.core.test_cli import fabrique
from tests.sources.feed_server import Reply


def test_preview_finishes_with_feeds_that_trickle_their_headers(server, tmp_path):
    url = server.route("/actus.xml", Reply(trickle_headers=0.1))  # 10,000 bytes: 17 minutes without a deadline
    other = server.route("/agenda.xml", Reply(trickle_headers=0.1))
    folder = new_project("afficheur", tmp_path / "hall")
    script = folder / "main.py"
    text = script.read_text(encoding="utf-8")
    script.write_text(text.replace("kit.run()", f'actus = kit.feed("{url}", every="15 min")\n'
                                               f'agenda = kit.feed("{other}", every="15 min", name="agenda")\nkit.run()'),
                      encoding="utf-8")
    started = time.monotonic()
    result = fabrique("preview", folder, "-o", tmp_path / "apercu.png", timeout=90)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "apercu.png").stat().st_size > 1000
    # each feed's 10 s timeout gives 30 s in all, headers included; both are read side by side
    assert elapsed < 55, elapsed
    assert sorted(seen.path for seen in server.requests) == ["/actus.xml", "/agenda.xml"]
