"""``fabrique preview`` refreshes every source once before drawing: a feed whose server
sends its headers one byte at a time must not hold it (total deadline, headers included)."""

from __future__ import annotations

import time

from fabrique_kit.project import new_project
from tests.core.test_cli import fabrique
from tests.sources.feed_server import Reply


def test_preview_finishes_with_a_feed_that_trickles_its_headers(server, tmp_path):
    url = server.route("/actus.xml", Reply(trickle_headers=0.1))  # 10,000 bytes: 17 minutes without a deadline
    folder = new_project("afficheur", tmp_path / "hall")
    script = folder / "main.py"
    text = script.read_text(encoding="utf-8")
    script.write_text(text.replace("kit.run()", f'actus = kit.feed("{url}", every="15 min")\nkit.run()'),
                      encoding="utf-8")
    started = time.monotonic()
    result = fabrique("preview", folder, "-o", tmp_path / "apercu.png", timeout=90)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "apercu.png").stat().st_size > 1000
    assert elapsed < 60  # the feed's 10 s timeout gives 30 s in all, headers included
    assert server.requests and server.requests[0].path == "/actus.xml"
