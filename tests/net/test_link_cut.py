"""A silent link cut (no reset, packets just lost) is told within seconds, naming the lost kit.

In the test's own network namespace, ``lo`` is taken down under a long-poll in progress:
the follower's TCP keepalive (net/kit_api.py) notices it, not the end of the 35 s poll.
"""

from __future__ import annotations

import re
import time

import pytest

from fabrique_kit.net import Follower
from fabrique_kit.state import State
from tests.net.standin_kit import StandinKit, serve
from tests.netns import LAN_ADDRESS
from tests.waiting import wait_until

pytestmark = pytest.mark.multicast
KEY = "cle-de-test-0123456789"


def test_a_silent_link_cut_is_told_promptly_with_the_kits_name(multicast):
    owner = StandinKit(name="Accueil", site_key=KEY)
    server = serve(owner, host="0.0.0.0")
    local = State()
    follower = Follower("Accueil", "attente", local, f"http://{LAN_ADDRESS}:{owner.port}", site_key=KEY)
    follower.start()
    try:
        assert wait_until(lambda: local.get("attente") is not None, timeout=10)
        time.sleep(0.5)  # inside a 25 s long-poll now
        multicast.ip("link", "set", "lo", "down")  # the cable is cut: nothing answers, nothing resets
        cut = time.monotonic()
        item = wait_until(lambda: local.value("attente").error and local.value("attente"), timeout=30)
        noticed = time.monotonic() - cut
        assert "« Accueil » injoignable depuis" in item.error
        said = int(re.search(r"depuis (\d+) s", item.error).group(1))
        assert said <= noticed + 1  # never more than the truth...
        assert noticed < 20  # ...and long before the 35 s long-poll would have ended
        assert item.value["last_ticket"] == 0  # the last good value stays
    finally:
        multicast.ip("link", "set", "lo", "up")
        follower.stop()
        server.close()
