"""Scenario files: a reproducible world (stores, catalog, listings, Amazon orders, steps)."""

from local_harness.scenario.format import Scenario, ScenarioError, load_scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario"]
