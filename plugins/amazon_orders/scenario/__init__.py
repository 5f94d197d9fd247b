"""Scenario files: a reproducible world (stores, catalog, listings, Amazon orders, steps)."""

from amazon_orders.scenario.format import Scenario, ScenarioError, load_scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario"]
