"""The store dashboard: an Airflow 3 plugin's FastAPI app (`amazon_dashboard.py` registers it).

Server-rendered pages over the analyst views: per store Recent Orders, All Orders with
the mission's filters, an order's details, open blockers with the mission's fix, the
system message as a banner, a Re-import button, and the data quality report.
"""
