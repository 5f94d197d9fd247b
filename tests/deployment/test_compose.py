"""docker-compose.yaml, checked without a Docker engine: against the Compose Specification's
JSON schema (a copy with its licence in tests/fixtures), with Debian's `docker-compose config`
where it is installed, and for what it must run and name: every service of Airflow's
CeleryExecutor pattern, every path and build context, every ${VARIABLE} in .env.example."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yaml"
ENV_EXAMPLE = ROOT / ".env.example"
SPEC = ROOT / "tests" / "fixtures" / "compose-spec" / "compose-spec.json"
SERVICES = {
    "postgres",
    "commerce-db",
    "redis",
    "simulator",
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
}
# ${NAME}, ${NAME:-default}, ${NAME:?error}; `$$` is a literal dollar sign.
VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?\}")


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def env_example() -> dict[str, str]:
    pairs = (
        line.split("=", 1)
        for line in ENV_EXAMPLE.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
    return {key.strip(): value for key, value in pairs}


def airflow_env() -> dict[str, str]:
    return compose()["x-airflow-common"]["environment"]


def test_compose_file_follows_the_compose_specification():
    jsonschema.validate(compose(), json.loads(SPEC.read_text()))


def test_compose_runs_airflow_3_on_celery_with_redis_and_two_databases():
    services = compose()["services"]
    assert SERVICES <= set(services)
    commands = {name: s.get("command") for name, s in services.items()}
    assert commands["airflow-apiserver"] == "api-server"
    assert commands["airflow-scheduler"] == "scheduler"
    assert commands["airflow-dag-processor"] == "dag-processor"
    assert commands["airflow-triggerer"] == "triggerer"
    assert commands["airflow-worker"] == "celery worker"
    env = airflow_env()
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:")
    assert "@postgres:5432/" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    assert "@commerce-db:5432/" in env["AIRFLOW_CONN_COMMERCE_DB"]
    assert env["AIRFLOW_CONN_COMMERCE_DB"] == env["COMMERCE_DB_URL"], "migrations and tasks use one database"
    # Airflow 3 workers reach the Execution API of the API server, by its service name and port.
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
    assert "8080:8080" in services["airflow-apiserver"]["ports"]


def test_components_wait_for_the_init_service_and_healthy_databases():
    services = compose()["services"]
    for name in SERVICES - {"postgres", "commerce-db", "redis", "simulator", "airflow-init"}:
        depends = services[name]["depends_on"]
        assert depends["airflow-init"] == {"condition": "service_completed_successfully"}, name
        for store in ("postgres", "commerce-db", "redis"):
            assert depends[store] == {"condition": "service_healthy"}, (name, store)


def test_init_service_migrates_both_databases_and_creates_the_pools():
    command = compose()["services"]["airflow-init"]["command"]
    script = command[-1]
    assert script.startswith("/opt/airflow/deploy/")
    steps = (ROOT / "deploy" / Path(script).name).read_text()
    assert steps.index("airflow db migrate") < steps.index("python -m amazon_orders.migrate")
    assert "python -m amazon_orders.cluster" in steps
    assert "set -euo pipefail" in steps, "a failing step fails the init service (and nothing starts)"


def test_every_variable_is_in_env_example():
    named = set(VARIABLE.findall(COMPOSE.read_text()))
    assert named, "the file takes its secrets from variables"
    assert named - set(env_example()) == set()


def test_secrets_only_as_variables():
    env = airflow_env()
    for key, value in env.items():
        if re.search(r"SECRET|PASSWORD|FERNET|CONN|SQL_ALCHEMY|RESULT_BACKEND", key):
            literal = VARIABLE.sub("", value)
            assert not re.search(r"://[^:/@]+:[^@$]+@", literal), f"{key} holds a literal password"
            assert VARIABLE.search(value) or "PASSWORD" not in key, key
    for service in compose()["services"].values():
        for key, value in (service.get("environment") or {}).items():
            if "PASSWORD" in key:
                assert str(value).startswith("${"), key
    assert all(
        v.startswith(("change-me", "{")) or not re.search(r"PASSWORD|SECRET|FERNET", k)
        for k, v in env_example().items()
    ), "the example holds placeholders only"


def test_every_path_and_build_context_exists():
    document = compose()
    images = [document["x-project-image"]] + list(document["services"].values())
    for service in images:
        build = service.get("build")
        if build:
            context = ROOT / build["context"]
            assert context.is_dir()
            assert (context / build.get("dockerfile", "Dockerfile")).is_file()
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), volume
            else:
                assert source in document["volumes"], f"named volume {source} is declared"


def test_image_holds_the_project_and_its_pinned_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    pinned = re.search(r"^apache-airflow==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)[1]
    assert f"FROM apache/airflow:{pinned}-python3.11" in dockerfile
    assert "pip install --no-cache-dir -r /requirements.txt" in dockerfile
    copied = re.findall(r"^COPY (?:--\S+ )*(\S+) (\S+)$", dockerfile, re.M)
    for source, _ in copied:
        assert (ROOT / source).exists(), source
    targets = {target.rstrip("/") for _, target in copied}
    assert {"/opt/airflow/dags", "/opt/airflow/plugins", "/opt/airflow/include"} <= targets
    assert "PYTHONPATH=/opt/airflow/plugins" in dockerfile and "AMAZON_ORDERS_HOME=/opt/airflow" in dockerfile


@pytest.fixture
def docker_compose() -> str:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip(
            "Debian's docker-compose is not installed (apt-get install docker-compose); "
            "the `docker compose` plugin needs an engine"
        )
    return binary


@pytest.mark.usefixtures("tmp_path")
def test_docker_compose_config_accepts_the_file(docker_compose):
    done = subprocess.run(
        [docker_compose, "--env-file", str(ENV_EXAMPLE), "-f", str(COMPOSE), "config"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    resolved = yaml.safe_load(done.stdout)
    assert SERVICES <= set(resolved["services"])
    worker_env = resolved["services"]["airflow-worker"]["environment"]
    assert worker_env["AIRFLOW_CONN_COMMERCE_DB"].startswith("postgresql://commerce:change-me")


def test_docker_compose_refuses_to_start_without_secrets(docker_compose, tmp_path):
    copy = tmp_path / "docker-compose.yaml"
    shutil.copy(COMPOSE, copy)
    done = subprocess.run(
        [docker_compose, "-f", str(copy), "config"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode != 0
    assert "set it in .env" in done.stderr


def deployment_section() -> str:
    return (ROOT / "docs" / "deployment.md").read_text()


def test_deployment_page_matches_the_file(monkeypatch):
    monkeypatch.delenv("AMAZON_SP_API_POOL_SLOTS", raising=False)
    section = deployment_section()
    document = compose()
    for name in document["services"]:
        assert f"`{name}`" in section, f"service {name} is described"
    for service, _ in re.findall(r"--scale ([\w-]+)=(\d+)", section):
        assert service in document["services"], service
    for profile in re.findall(r"--profile (\w+)", section):
        assert any(profile in s.get("profiles", []) for s in document["services"].values()), profile
    script = document["services"]["airflow-init"]["command"][-1]
    assert f"`deploy/{Path(script).name}`" in section
    from amazon_orders.cluster import SP_API_POOL, pools

    assert f"`{SP_API_POOL}`" in section and f"default **{pools()[0].slots}**" in section
    assert "deployment-check:" in (ROOT / "Makefile").read_text()
