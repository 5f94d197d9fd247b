"""A fake Amazon: a stateful SP-API Orders + Login-with-Amazon simulator (FastAPI on uvicorn).

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
