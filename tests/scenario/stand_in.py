"""A stand-in for an SP-API that is not the simulator: the simulator's Amazon paths passed
through, its control paths (/_sim/) answered 404, as Amazon's sandbox would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}


@contextmanager
def stand_in(simulator_url: str) -> Iterator[str]:
    class Forward(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            if self.path.startswith("/_sim/"):
                self.send_error(404)
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
            answer = requests.request(
                self.command, simulator_url + self.path, data=body, headers=headers, timeout=30
            )
            self.amazon_date = answer.headers.get("Date")  # Amazon's clock, not this server's
            self.send_response(answer.status_code)
            for key, value in answer.headers.items():
                if key.lower() not in HOP_BY_HOP | {"date", "server"}:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = _forward

        def date_time_string(self, timestamp: float | None = None) -> str:
            return getattr(self, "amazon_date", None) or super().date_time_string(timestamp)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
