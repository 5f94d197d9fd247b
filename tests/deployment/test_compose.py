"""docker-compose.yaml is checked without an engine: against the Compose Specification's
JSON schema (a copy with its licence in tests/fixtures), and for the services it must run."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path(__file__).parent / "fixtures" / "compose-spec" / "compose-spec.json"


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yaml").read_text())


def test_compose_file_follows_the_compose_specification():
    jsonschema.validate(compose(), json.loads(SPEC.read_text()))


def test_compose_runs_airflow_3_components_postgres_and_the_simulator():
    services = compose()["services"]
    commands = {name: service.get("command") for name, service in services.items()}
    assert {"api-server", "scheduler", "dag-processor", "triggerer"} <= {c for c in commands.values() if isinstance(c, str)}
    assert "simulator" in services and "postgres" in services
    assert "amazon_orders.migrate" in " ".join(services["airflow-init"]["command"])


def test_compose_holds_no_secret_values():
    text = (ROOT / "docker-compose.yaml").read_text()
    environment = compose()["x-airflow"]["environment"]
    for key in ("AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW_CONN_AMAZON_SP_API"):
        assert environment[key].startswith("${"), key
    assert "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?" in text


def test_image_installs_the_pinned_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM apache/airflow:3.3.2" in dockerfile
    assert "pip install --no-cache-dir -r /requirements.txt" in dockerfile
    assert "apache-airflow==3.3.2" in (ROOT / "requirements.txt").read_text()
