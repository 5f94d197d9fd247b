"""Named places where the crash tests kill the process, to prove every step can die anywhere.

`AMAZON_ORDERS_CRASH_AT=<name>` makes the process SIGKILL itself on reaching that place,
as a machine losing power would; unset (always, outside those tests) it does nothing.
It is the one test hook in the product: the place to die sits between two statements of a
step, in a process of its own, where no test can reach in from outside.
"""

from __future__ import annotations

import os
import signal


def reached(name: str) -> None:
    if os.environ.get("AMAZON_ORDERS_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
