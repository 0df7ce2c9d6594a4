"""The embedded FalkorDB server: started on demand, private, persistent, shared, recovered after kills."""
from __future__ import annotations

import os
import signal
import time

import pytest

from kg.stores.embedded_server import EmbeddedServer
from kg.stores.falkordb_store import FalkorDBStore


@pytest.fixture
def data_dir(tmp_path):
    yield tmp_path / "kg"
    EmbeddedServer(tmp_path / "kg").stop()


def test_listens_on_a_private_unix_socket_and_no_tcp_port(data_dir):
    with FalkorDBStore(data_dir=data_dir) as store:
        conn = store.server.client()
        assert conn.config_get("port")["port"] == "0"
        assert store.server.socket_path.is_socket()
        assert oct(store.server.socket_path.stat().st_mode & 0o777) == "0o700"


def test_data_survives_a_restart(data_dir):
    with FalkorDBStore(data_dir=data_dir) as store:
        store.query("UNWIND range(1, 500) AS i CREATE (:Paper {id: toString(i)})", write=True)
    assert not EmbeddedServer(data_dir).is_running()  # last one out stopped it
    with FalkorDBStore(data_dir=data_dir) as store:
        assert store.query("MATCH (p:Paper) RETURN count(p)").scalar() == 500


def test_last_client_out_stops_the_server(data_dir):
    first = FalkorDBStore(data_dir=data_dir)
    second = FalkorDBStore(data_dir=data_dir)
    first.close()
    assert EmbeddedServer(data_dir).is_running(), "second client still uses it"
    assert second.query("RETURN 1").scalar() == 1
    second.close()
    assert not EmbeddedServer(data_dir).is_running()


def test_db_start_keeps_it_running_until_stop(data_dir):
    server = EmbeddedServer(data_dir)
    server.start(keep_running=True)
    with FalkorDBStore(data_dir=data_dir) as store:
        store.query("CREATE (:Paper {id: 'x'})", write=True)
    assert server.is_running()
    assert server.status()["keep_running"] is True
    assert server.stop() is True
    assert not server.is_running()
    assert server.status()["state"] == "down"


def test_killed_server_leaves_stale_files_that_are_recovered(data_dir):
    with FalkorDBStore(data_dir=data_dir) as store:
        store.query("CREATE (:Paper {id: 'kept'})", write=True)
        pid = store.server.pid()
        EmbeddedServer(data_dir).start(keep_running=True)  # so closing does not stop it
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while EmbeddedServer(data_dir).is_running() and time.monotonic() < deadline:
        time.sleep(0.02)
    server = EmbeddedServer(data_dir)
    assert server.socket_path.exists() and server.pid_file.exists(), "the kill left its files behind"
    with FalkorDBStore(data_dir=data_dir) as store:
        assert store.query("MATCH (p:Paper) RETURN p.id").rows == [["kept"]]
        assert store.server.pid() != pid


def test_garbage_socket_and_pid_files_are_not_fatal(data_dir):
    data_dir.mkdir(parents=True)
    server = EmbeddedServer(data_dir)
    server.socket_path.write_text("not a socket")
    server.pid_file.write_text("999999\n")
    with FalkorDBStore(data_dir=data_dir) as store:
        assert store.query("RETURN 42").scalar() == 42


def test_a_data_directory_with_a_long_path_uses_a_short_private_socket(tmp_path):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    try:
        with FalkorDBStore(data_dir=deep) as store:
            assert len(str(store.server.socket_path)) < 100
            assert not str(store.server.socket_path).startswith(str(deep))
            assert store.query("RETURN 1").scalar() == 1
    finally:
        EmbeddedServer(deep).stop()


def test_clean_shutdown_compacts_a_grown_log(data_dir):
    with FalkorDBStore(data_dir=data_dir) as store:
        for i in range(40):
            store.query("UNWIND range(1, 200) AS i CREATE (:Paper {id: $b + toString(i), abstract: $text})",
                        {"b": f"{i}-", "text": "x" * 200}, write=True)
    server = EmbeddedServer(data_dir)
    incr = list((server.db_dir / "appendonlydir").glob("*.incr.aof"))
    assert incr and all(f.stat().st_size < 4096 for f in incr), "the log was rewritten into the base file"
    with FalkorDBStore(data_dir=data_dir) as store:
        assert store.query("MATCH (p:Paper) RETURN count(p)").scalar() == 8000


class InterruptedOnceReady(EmbeddedServer):
    """A Ctrl-C that lands the moment the new server answers, before this process registers as its client."""

    def wait_ready(self, proc):
        super().wait_ready(proc)
        self.started_pid = self.pid()
        raise KeyboardInterrupt


def test_a_ctrl_c_while_starting_the_server_leaves_no_server_behind(data_dir):
    server = InterruptedOnceReady(data_dir)
    with pytest.raises(KeyboardInterrupt):
        server.acquire()
    assert server.started_pid, "the server had started"
    assert not EmbeddedServer(data_dir).is_running()
    with pytest.raises(ProcessLookupError):
        os.kill(server.started_pid, 0)
    with FalkorDBStore(data_dir=data_dir) as store:  # and the next command starts it as usual
        assert store.query("RETURN 1").scalar() == 1
