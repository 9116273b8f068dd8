"""A small stand-in kit for the network tests: State + Actions + the API + discovery.

It holds a waiting counter « attente » (take_ticket, call_next) like the real kit.
In-process (``StandinKit`` + ``serve``) or as a separate process::

    python tests/net/standin_kit.py --name Accueil --key SECRET --ttl 60

A rogue device is played with ``--lie`` (another instance label, the TXT name of the
kit it imitates), ``--called 666`` (a number it would like screens to show) and
``--record FILE`` (every request it receives, headers and body, one JSON line each).

The process prints ``READY {"port": ..., "service": ...}`` when it is advertised,
serves until SIGTERM (then says goodbye) and keeps the names of the kits it sees in
its state value « peers », so a test can check discovery from its side too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import socket
import sys
import threading
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask import Flask
from waitress import create_server

from fabrique_kit.actions import Actions
from fabrique_kit.errors import FabriqueError
from fabrique_kit.state import State
from fabrique_kit.web.api import api_blueprint


class StandinKit:
    """What the API needs from a kit: state, actions, site_key, info()."""

    def __init__(
        self, name="Accueil", kit_id=None, site_key=None, place="ESC Maurepas", template="ticket"
    ):
        self.name = name
        self.id = kit_id or f"kit-{uuid.uuid4().hex[:8]}"
        self.place = place
        self.template = template
        self.site_key = site_key
        self.port = 0
        self.state = State()
        self.actions = Actions()
        self.counter = {"called": None, "desk": None, "last_ticket": 0, "waiting": 0}
        self.state.set("attente", dict(self.counter))
        self.actions.register("attente.take_ticket", self.take_ticket, "Prendre un ticket")
        self.actions.register("attente.call_next", self.call_next, "Appeler le suivant")
        self.actions.register("test.set", self.set_value)  # (a parameter "name" would clash)
        self.actions.register("test.crash", self.crash)

    def info(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "place": self.place,
            "template": self.template,
            "version": "0.1.0",
            "port": self.port,
        }

    def take_ticket(self) -> int:
        self.counter["last_ticket"] += 1
        self.counter["waiting"] += 1
        self.state.set("attente", dict(self.counter))
        return self.counter["last_ticket"]

    def call_next(self, desk: int | None = None) -> int:
        if self.counter["waiting"] == 0:
            raise FabriqueError("Personne n'attend.", field="attente")
        self.counter["called"] = (self.counter["called"] or 0) + 1
        self.counter["desk"] = desk
        self.counter["waiting"] -= 1
        self.state.set("attente", dict(self.counter))
        return self.counter["called"]

    def set_value(self, key: str, value=None) -> bool:
        return self.state.set(key, value)

    def crash(self) -> None:
        raise RuntimeError("secret internal detail /etc/passwd")


class Served:
    """A waitress server running in a thread; ``close()`` stops it."""

    def __init__(self, server):
        self.server = server
        self.closing = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            self.server.run()
        except OSError:  # the sockets closed under select() by close()
            if not self.closing.is_set():
                raise

    def close(self) -> None:
        """Stop like a killed process: the open connections are cut too."""
        self.closing.set()
        channels = list(self.server._map.values())
        for channel in channels:
            sock = getattr(channel, "socket", None)
            if isinstance(sock, socket.socket):  # not the trigger's pipe
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        # the request threads end before the server's trigger closes (they write to it)
        self.server.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
        self.server.close()


def serve(kit: StandinKit, host: str = "127.0.0.1", port: int = 0, max_waiting: int = 4,
          record: str | None = None) -> Served:
    """Serve the kit's API with waitress in a thread (16 threads: long-polls hold one each)."""
    from flask import request

    app = Flask("standin")
    app.register_blueprint(api_blueprint(kit, max_waiting=max_waiting))
    kit.requests = 0

    @app.before_request
    def count() -> None:
        kit.requests += 1
        if record:
            line = {"method": request.method, "path": request.full_path, "headers": dict(request.headers),
                    "body": request.get_data(cache=True).decode("latin-1")}
            with open(record, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(line) + "\n")

    server = create_server(app, host=host, port=port, threads=16)
    kit.port = int(server.effective_port)
    return Served(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", default="Accueil")
    parser.add_argument("--id", default=None)
    parser.add_argument("--key", default=None)
    parser.add_argument("--ttl", type=int, default=60)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", default=None)
    parser.add_argument("--lie", action="store_true")
    parser.add_argument("--called", type=int, default=None)
    args = parser.parse_args()

    from fabrique_kit.net import Presence

    kit = StandinKit(args.name, args.id, args.key)
    if args.called is not None:
        kit.counter.update(called=args.called, last_ticket=args.called)
        kit.state.set("attente", dict(kit.counter))
    server = serve(kit, host="0.0.0.0", port=args.port, record=args.record)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if args.lie:
        zeroconf, service = _lie(kit)
        print("READY " + json.dumps({"port": kit.port, "id": kit.id, "service": service.name}), flush=True)
        stop.wait()
        zeroconf.unregister_service(service)
        zeroconf.close()
        server.close()
        return
    presence = Presence(kit.info(), kit.port, ttl=args.ttl)
    peers = presence.peers

    def seen(_peer) -> None:
        kit.state.set("peers", sorted(p.name for p in peers.all()))

    peers.subscribe(seen)
    presence.start()
    ready = {"port": kit.port, "id": kit.id, "service": presence.advertiser.service_name}
    print("READY " + json.dumps(ready), flush=True)
    stop.wait()
    presence.stop()  # clean order: stop browsing, say goodbye, close zeroconf
    server.close()


def _lie(kit: StandinKit):
    """Advertise as a rogue would: its own instance label, the imitated kit's TXT name."""
    from zeroconf import ServiceInfo

    from fabrique_kit.net.addresses import local_ipv4_addresses
    from fabrique_kit.net.discovery import SERVICE_TYPE, open_zeroconf, txt_properties

    zeroconf = open_zeroconf()
    service = ServiceInfo(SERVICE_TYPE, f"intrus-{kit.id}.{SERVICE_TYPE}", port=kit.port,
                          properties=txt_properties(kit.info()), server=f"intrus-{kit.id}.local.",
                          parsed_addresses=local_ipv4_addresses())
    zeroconf.register_service(service, allow_name_change=True)
    return zeroconf, service


if __name__ == "__main__":
    main()
