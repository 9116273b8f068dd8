#!/usr/bin/env python3
"""A stand-in for ``python -m fabrique_kit run DIR --port P --host H`` that starts in milliseconds.

The supervisor is what the power-cut test checks; the kit it runs is this small server
of ``/api/health``, so that 20 cuts fit in seconds. The version's ``main.py`` says how
it behaves: ``# tiny: good`` answers; ``# tiny: crash`` exits at once; ``# tiny:
crash-later`` answers, then exits after 0.6 s (healthy at first, then a crash loop).
"""

import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

args = sys.argv[1:]
folder = Path(args[args.index("run") + 1]).resolve()
port = int(args[args.index("--port") + 1])
kind = (folder / "main.py").read_text(encoding="utf-8").split("# tiny:")[-1].strip()
if kind == "crash":
    sys.exit(3)


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"ok": True, "folder": str(folder), "kind": kind}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", port), Health)
if kind == "crash-later":
    threading.Timer(0.6, os._exit, (3,)).start()
print("tiny kit up", folder.name, kind, flush=True)
server.serve_forever()
