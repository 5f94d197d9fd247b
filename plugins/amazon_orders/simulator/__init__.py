"""A stateful SP-API Orders v0 + Login-with-Amazon simulator (FastAPI on uvicorn).

`running_simulator()` serves one in a background thread; `SimulatorControl` drives its /_sim/ control paths.
"""

from .app import create_app
from .control_client import SimulatorControl
from .server import running_simulator
from .state import Simulator

__all__ = ["Simulator", "SimulatorControl", "create_app", "running_simulator"]
