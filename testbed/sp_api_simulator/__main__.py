"""python -m sp_api_simulator --host 127.0.0.1 --port 8000 [--now 2026-11-20T12:00:00Z]
[--sqs-endpoint http://127.0.0.1:5000 --notification-delay-seconds 1 --duplicate-share 0.1]"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

from amazon_orders.sp_api.model.timestamps import parse_amazon_time

from .notifier import Notifier
from .paging import DEFAULT_TOKEN_LIFETIME
from .server import base_url, listening_socket, uvicorn_server
from .state import DEFAULT_ITEMS_PAGE_SIZE, Simulator


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sp_api_simulator",
        description="SP-API Orders v0 and v2026-01-01 and Notifications v1 simulator",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--now", type=_moment, default=None, help="start of the simulated clock (ISO 8601)")
    parser.add_argument(
        "--rate-scale",
        type=float,
        default=0.0,
        help="enforce usage plans on a compressed time scale: plan rate x scale "
        "(1: real time; 0: not enforced)",
    )
    parser.add_argument(
        "--visibility-lag-seconds",
        type=float,
        default=0.0,
        help="a change shows in the Orders API this long after it happened (simulated clock)",
    )
    parser.add_argument(
        "--next-token-lifetime-seconds",
        type=float,
        default=DEFAULT_TOKEN_LIFETIME.total_seconds(),
        help="a NextToken expires this long after its query started (simulated clock)",
    )
    parser.add_argument(
        "--contract-check",
        action="store_true",
        help="check every request and answer against the models; log violations",
    )
    parser.add_argument(
        "--pending-minutes",
        type=float,
        default=0.0,
        help="Amazon moves a Pending order to Unshipped this long after its last update (0: never)",
    )
    parser.add_argument(
        "--afn-ship-minutes",
        type=float,
        default=0.0,
        help="Amazon ships an Amazon-fulfilled Unshipped order this long after (0: never)",
    )
    parser.add_argument(
        "--sqs-endpoint",
        default=None,
        help="the SQS endpoint ORDER_CHANGE notifications are sent to (none: no notification is sent)",
    )
    parser.add_argument(
        "--notification-delay-seconds", type=float, default=0.0, help="a notification is sent this long after"
    )
    parser.add_argument(
        "--duplicate-share", type=float, default=0.0, help="the share of notifications sent twice (0 to 1)"
    )
    parser.add_argument("--notification-seed", type=int, default=0, help="seed of the duplicates' draw")
    parser.add_argument("--items-page-size", type=int, default=DEFAULT_ITEMS_PAGE_SIZE)
    parser.add_argument("--log-level", default="info")
    return parser.parse_args(argv)


def _moment(text: str) -> datetime:
    try:
        return parse_amazon_time(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date-time: {text!r}") from None


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    sim = Simulator.create(
        args.now,
        rate_scale=args.rate_scale,
        items_page_size=args.items_page_size,
        visibility_lag=timedelta(seconds=args.visibility_lag_seconds),
        next_token_lifetime=timedelta(seconds=args.next_token_lifetime_seconds),
        contract_check=args.contract_check,
        notifier=Notifier(
            args.sqs_endpoint, args.notification_delay_seconds, args.duplicate_share, args.notification_seed
        ),
    )
    sim.lifecycle.set("pending", args.pending_minutes, sim.now())
    sim.lifecycle.set("afn_ship", args.afn_ship_minutes, sim.now())
    sock = listening_socket(args.host, args.port)
    # Callers read this line from our stdout to learn the port: flush it now.
    print(f"simulator listening on {base_url(sock)}", flush=True)
    uvicorn_server(sim, args.log_level).run(sockets=[sock])


if __name__ == "__main__":
    main()
