"""The warm embedded server (issue 16): later commands reuse it, it stops by itself after $KG_IDLE seconds
without use, `kg db stop` stops it at once, and a Python script that forgets close() does not keep it alive."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest
from test_reliability_helpers import kg_env, pids_matching, reap_processes_under, run_kg, wait_until

from kg.queries.graph import Graph
from kg.stores.embedded_server import EmbeddedServer

IDLE = "60"  # well above a command's start-up time on a loaded machine (seconds there)
SHORT = "2"  # the last command's KG_IDLE governs: tests end the wait with it


@pytest.fixture
def data_dir(tmp_path):
    yield tmp_path / "kg"
    EmbeddedServer(tmp_path / "kg").stop()
    reap_processes_under(tmp_path)


def watchers(data_dir) -> list[int]:
    return pids_matching("kg.stores.idle_watch", str(data_dir))


def test_the_second_command_reuses_the_server_and_it_stops_after_the_quiet_period(data_dir):
    env = kg_env({"KG_IDLE": IDLE})
    assert run_kg("query", "RETURN 1", "--db", str(data_dir), env=env).returncode == 0
    server = EmbeddedServer(data_dir)
    first = server.pid()
    assert first is not None, "the server stays up after the first command"
    status = run_kg("db", "status", "--db", str(data_dir), env=env).stdout
    assert "idle; stops in" in status and f"after {IDLE} s without use" in status
    assert run_kg("stats", "--db", str(data_dir), env=env).returncode == 0
    assert server.pid() == first, "the second command used the same server"
    assert len(watchers(data_dir)) == 1
    assert run_kg("query", "RETURN 1", "--db", str(data_dir), env=kg_env({"KG_IDLE": SHORT})).returncode == 0
    assert wait_until(lambda: server.pid() is None, 60), "the server did not stop after the quiet period"
    assert wait_until(lambda: not watchers(data_dir), 10), "the watcher outlived the server"
    assert run_kg("db", "status", "--db", str(data_dir), env=env).stdout.startswith("down")


def test_use_restarts_the_quiet_period(data_dir):
    env = kg_env({"KG_IDLE": "20"})
    server = EmbeddedServer(data_dir)
    run_kg("query", "RETURN 1", "--db", str(data_dir), env=env)
    first = server.pid()
    for _ in range(3):
        time.sleep(3)
        assert run_kg("query", "RETURN 1", "--db", str(data_dir), env=env).returncode == 0
    assert server.pid() == first, "the server stopped although it was used within every quiet period"


def test_kg_db_stop_stops_a_warm_server_at_once(data_dir):
    env = kg_env({"KG_IDLE": "600"})
    run_kg("query", "RETURN 1", "--db", str(data_dir), env=env)
    assert EmbeddedServer(data_dir).pid() is not None
    result = run_kg("db", "stop", "--db", str(data_dir), env=env)
    assert result.stdout.strip() == "stopped"
    assert EmbeddedServer(data_dir).pid() is None
    assert wait_until(lambda: not watchers(data_dir), 10)


def test_a_script_that_forgets_close_does_not_leave_the_server_running(data_dir):
    script = f"from kg.queries.graph import Graph\ng = Graph.open({str(data_dir)!r})\nprint(g.query('RETURN 1 AS x'))\n"
    done = subprocess.run([sys.executable, "-c", script], env=kg_env({"KG_IDLE": "10"}), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "'x': 1" in done.stdout, done.stderr
    server = EmbeddedServer(data_dir)
    assert server.pid() is not None, "warm after the script"
    assert wait_until(lambda: server.pid() is None, 60), "the script's server kept running"


def test_graph_is_a_context_manager_that_releases_the_store(data_dir, monkeypatch):
    monkeypatch.setenv("KG_IDLE", "0")
    with Graph.open(data_dir) as g:
        assert g.query("RETURN 1 AS x")[0]["x"] == 1
        assert EmbeddedServer(data_dir).pid() is not None
    assert EmbeddedServer(data_dir).pid() is None, "closing the last user with KG_IDLE=0 stops the server"


def test_kg_db_start_pins_the_server_past_the_quiet_period(data_dir):
    env = kg_env({"KG_IDLE": "1"})
    assert run_kg("db", "start", "--db", str(data_dir), env=env).returncode == 0
    run_kg("query", "RETURN 1", "--db", str(data_dir), env=env)
    pid = EmbeddedServer(data_dir).pid()
    time.sleep(3)
    assert EmbeddedServer(data_dir).pid() == pid
