"""Run a real Supervisor over a service folder, with the tiny stand-in kit (for the power-cut test).

    python tests/deploy/cut_supervisor.py ROOT PORT DEPLOY_PORT
"""

import faulthandler
import logging
import signal
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fabrique_kit.deploy.supervisor import Supervisor

faulthandler.register(signal.SIGUSR2)  # a stuck supervisor tells where (the test's failure report)
logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
root, port, deploy_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
# the stand-in kit, started by this very Python without site-packages (-S): milliseconds
TINY = Path(root).parent / "tiny_kit"
if not TINY.exists():
    source = Path(__file__).with_name("tiny_kit.py").read_text(encoding="utf-8").split("\n", 1)[1]
    TINY.write_text(f"#!{sys.executable} -S\n{source}", encoding="utf-8")
    TINY.chmod(0o755)
Supervisor(root, port=port, host="127.0.0.1", deploy_port=deploy_port, python=str(TINY), health_timeout=8.0,
           probation=15.0, poll_every=0.05, crash_backoff=0.1).run()
