"""SQL lives in include/sql files, one statement per purpose: no statement is written inline in Python."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A statement's opening words, in capitals as every statement here is written (prose is not).
STATEMENT = re.compile(
    r"^\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s|TRUNCATE\s|VACUUM|ANALYZE"
    r"|(CREATE|DROP|ALTER)\s+(UNIQUE\s+)?(TABLE|INDEX|DATABASE|VIEW|SCHEMA|FUNCTION|TRIGGER)\s"
    r"|COPY\s+(\(|\S+\s+(FROM|TO)\s)|WITH\s+\w+\s+AS\s)"
)


def _inline_statements(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    in_fstrings = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstrings:
            text = node.value
        elif isinstance(node, ast.JoinedStr):  # an f-string: its literal parts
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        else:
            continue
        if STATEMENT.match(text):
            found.append(f"{path.name}:{node.lineno}: {text.strip()[:60]!r}")
    return found


def test_no_sql_statement_is_inline_in_python():
    sources = [
        *(ROOT / "plugins").rglob("*.py"),
        *(ROOT / "dags").rglob("*.py"),
        *(ROOT / "testbed").rglob("*.py"),
    ]
    assert len(sources) > 20
    assert [s for path in sources for s in _inline_statements(path)] == []


def test_the_check_sees_an_inline_statement(tmp_path):
    source = tmp_path / "x.py"
    source.write_text(
        'cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))\n'
        'cur.execute(f"COPY ({query}) TO STDOUT")\n"""Select candidates: prose."""\n'
        'print(f"COPY floor {n:,} lines: the rows it wrote")\n'
    )
    assert [s.split(":")[1] for s in _inline_statements(source)] == ["1", "2"]
