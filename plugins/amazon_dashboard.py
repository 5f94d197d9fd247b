"""Airflow plugin: the Amazon store dashboard inside the Airflow 3 UI.

Airflow's API server mounts the dashboard's FastAPI app under /amazon-orders, and the UI
shows it as "Amazon orders" in its navigation (an external view rendered in the UI).
This module sits at the top of plugins/ because the plugin loader skips the
`amazon_orders/` package (plugins/.airflowignore); the app itself lives there.
"""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from amazon_orders.dashboard.app import create_app

URL_PREFIX = "/amazon-orders"


class AmazonDashboardPlugin(AirflowPlugin):
    name = "amazon_dashboard"
    fastapi_apps = [{"app": create_app(), "url_prefix": URL_PREFIX, "name": "Amazon orders dashboard"}]
    external_views = [
        {
            "name": "Amazon orders",
            "href": f"{URL_PREFIX}/",
            "url_route": "amazon-orders",
            "destination": "nav",
            "category": "browse",
        }
    ]
