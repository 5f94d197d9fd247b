"""A fake Amazon: a stateful SP-API Orders + Login-with-Amazon simulator (FastAPI on uvicorn).

It speaks Orders API v0 and v2026-01-01 (searchOrders, getOrder) from one store of orders, held in
v0's shape and rendered in v2026's (orders_2026.py); an order may be given in either shape.

Who it is for: the demo, the tests and the bench, which talk to it over real HTTP as the
product would talk to Amazon (as moto stands beside boto3). It reads Amazon's models from
the product's copy (`amazon_orders.sp_api.model`) and nothing else of the product.

`running_simulator()` serves one in a background thread; `SimulatorControl` drives its /_sim/ control paths.
"""

from .app import create_app
from .control_client import SimulatorControl
from .server import running_simulator
from .state import Simulator

__all__ = ["Simulator", "SimulatorControl", "create_app", "running_simulator"]
