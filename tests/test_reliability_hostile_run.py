"""Issue 17: the causes a hostile run found, one test (or a few) each, on both stores where it applies.

Store side here (parameters, user query limits, server ownership, socket directory, passwords, one-line
errors); input side in test_reliability_hostile_records.py.
"""
from __future__ import annotations

import contextlib
import enum
import errno
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
import redis
from test_reliability_helpers import kg_env, run_kg

from kg.queries import all_queries, find_query
from kg.stores import StoreError, open_store
from kg.stores.embedded_server import EmbeddedServer
from kg.stores.errors import describe
from kg.stores.falkordb_store import FalkorDBStore
from kg.stores.query_limits import MAX_NESTING, QueryTooComplex, check_query
from kg.stores.values import ParameterError

# -- 6: only JSON-like parameter values reach a store ----------------------------------------------------


class Sneaky:
    """str() holds Cypher: the FalkorDB client used to paste it into the query unquoted."""

    def __str__(self) -> str:
        return "1 AS x UNION MATCH (n) RETURN count(n) AS x"


class EvilText(str):
    def __str__(self) -> str:
        return "1 AS x UNION MATCH (n) RETURN count(n) AS x"


class Level(enum.IntEnum):
    HIGH = 7


@pytest.mark.parametrize("value", [Path("42"), Sneaky(), object(), b"bytes", {1, 2}, 1 + 2j],
                         ids=["path", "str-holds-cypher", "object", "bytes", "set", "complex"])
def test_a_value_that_is_not_json_like_is_refused_by_name(store, value):
    store.query("CREATE (:Probe {id: 'p'})", write=True)
    for write in (False, True):
        with pytest.raises(ParameterError, match="parameter 'x' is a"):
            store.query("RETURN $x AS x", {"x": value}, write=write)
        with pytest.raises(ParameterError):
            store.query("RETURN $x AS x", {"x": [1, {"inner": value}]}, write=write)
    assert store.query("MATCH (n) RETURN count(n)").scalar() == 1, "nothing was created by a refused query"


def test_subclasses_are_converted_to_their_plain_value_never_their_str(store):
    rows = store.query("RETURN $t AS t, $n AS n, $l AS l", {"t": EvilText("plain"), "n": Level.HIGH,
                                                             "l": (1, 2)}).rows
    assert rows == [["plain", 7, [1, 2]]]


def test_write_atomic_refuses_the_same_values(store):
    with pytest.raises(ParameterError):
        store.write_atomic([("CREATE (:Probe {id: $x})", {"x": Sneaky()})])
    assert store.query("MATCH (n:Probe) RETURN count(n)").scalar() == 0


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 2**70])
def test_numbers_no_store_can_hold_are_refused(store, value):
    with pytest.raises(ParameterError):
        store.query("RETURN $x AS x", {"x": value})


# -- 2: limits on user Cypher before it reaches the server, and an enforced timeout ----------------------

HOSTILE_QUERIES = {
    "22 nested parentheses": "RETURN " + "(" * 22 + "1" + ")" * 22,
    "30 nested brackets": "RETURN " + "[" * 30 + "1" + "]" * 30,
    "1000 prefix minus": "RETURN " + "-" * 1000 + "1",
    "40 NOT": "RETURN " + "NOT " * 40 + "true",
    "60,000 terms": "RETURN " + "+".join(["1"] * 60_000),
    "many nested lists": "RETURN " + ",".join(["[[[[[[[[[[[[1]]]]]]]]]]]]"] * 200),
}


@pytest.mark.parametrize("name", list(HOSTILE_QUERIES))
def test_hostile_queries_are_refused_before_the_server_sees_them(store, name):
    with pytest.raises(QueryTooComplex):
        store.query(HOSTILE_QUERIES[name])
    assert store.query("RETURN 1 + 1").scalar() == 2, "the server still answers"


def test_the_limits_leave_every_named_query_and_ordinary_nesting_alone(store):
    for name in all_queries():
        check_query(find_query(name).cypher)
    depth = MAX_NESTING - 1
    assert store.query("RETURN " + "(" * depth + "1" + ")" * depth).scalar() == 1
    assert store.query("RETURN [-1, -2, -(3)] AS xs").scalar() == [-1, -2, -3]


def test_strings_and_comments_do_not_count_as_nesting():
    check_query("RETURN '" + "(" * 500 + "' AS s // " + "[" * 500 + "\n")


def test_a_read_query_has_a_default_timeout(store, monkeypatch):
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "0.3")
    with pytest.raises(StoreError, match="(?i)time"):
        store.query("UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x)")
    monkeypatch.delenv("KG_QUERY_TIMEOUT")  # 0.3 s is too short for anything on a loaded machine
    assert store.query("RETURN 2").scalar() == 2


def test_kg_query_refuses_the_hostile_query_with_one_line(tmp_path):
    result = run_kg("query", HOSTILE_QUERIES["22 nested parentheses"], "--db", str(tmp_path / "kg"))
    assert result.returncode == 1
    assert result.stderr.startswith("kg: the query nests 22 levels deep"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- 3: kg never stops a server it does not own; busy is not hung ---------------------------------------


@pytest.fixture
def running(tmp_path):
    server = EmbeddedServer(tmp_path / "original")
    server.start(keep_running=True)
    yield server
    server.stop()


def test_a_copy_of_a_data_directory_never_stops_the_originals_server(tmp_path, running):
    original_pid = running.pid()
    with FalkorDBStore(data_dir=running.data_dir) as store:
        store.query("CREATE (:Paper {id: 'kept'})", write=True)
    copy = tmp_path / "copy"
    shutil.copytree(running.data_dir, copy, symlinks=True, ignore=shutil.ignore_patterns("*.sock"))
    assert (copy / "server.pid").read_text().strip() == str(original_pid), "the copy names the original's pid"
    assert EmbeddedServer(copy).pid() is None, "a pid file alone must not prove ownership"
    result = run_kg("stats", "--db", str(copy), env=kg_env({"KG_IDLE": "0"}))
    assert result.returncode == 0, result.stderr
    assert running.pid() == original_pid and running.is_running(), "the original's server was stopped"
    assert EmbeddedServer(copy).pid() != original_pid
    EmbeddedServer(copy).stop()  # the copy carries the original's keep-running request


@contextlib.contextmanager
def script_running(server, seconds: float, busy_reply_ms: int | None = None):
    """A Lua loop holds the server's main thread for `seconds`, like a big batch; with `busy_reply_ms` the server
    answers other clients BUSY after that long (Redis's `busy-reply-threshold`, 5 s by default)."""
    busy = server.client(retries=False, timeout=30)
    if busy_reply_ms is not None:
        busy.config_set("busy-reply-threshold", busy_reply_ms)
    script = "local t0 = redis.call('TIME') repeat local t = redis.call('TIME') until " \
             f"(t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > {int(seconds * 1_000_000)} return 1"
    worker = threading.Thread(target=lambda: busy.eval(script, 0))
    worker.start()
    time.sleep(0.3 if busy_reply_ms is None else 0.5)
    try:
        yield
    finally:
        worker.join()
        busy.close()


def test_a_busy_server_is_waited_for_not_stopped(running):
    pid = running.pid()
    with script_running(running, 3):  # pings time out meanwhile
        result = run_kg("stats", "--db", str(running.data_dir))
    assert result.returncode == 0, result.stderr
    assert running.pid() == pid, "the busy server was stopped or replaced"


def test_a_server_answering_busy_is_waited_for_not_stopped(running):
    """Past `busy-reply-threshold` Redis answers every other client `BUSY ... running a script`: the server is
    working, so `kg` waits for the script to end; it neither fails nor takes the server for dead."""
    pid = running.pid()
    with script_running(running, 4, busy_reply_ms=100):  # the same answer as after 5 s, sooner
        assert running.ping() == "busy"
        result = run_kg("stats", "--db", str(running.data_dir))
    assert result.returncode == 0, result.stderr
    assert running.pid() == pid, "the busy server was stopped or replaced"


def test_a_server_that_answers_nothing_for_seconds_is_waited_for_not_stopped(running):
    """The Lua loop above can end before `kg` (slow to start on a busy machine) sends its first ping; a stopped
    server (SIGSTOP) takes connections and answers nothing for as long as it is stopped, as a server busy on one
    long batch does, so the ping surely times out. `kg` must wait for it, not stop and replace it."""
    pid = running.pid()
    os.kill(pid, signal.SIGSTOP)
    resume = threading.Timer(10.0, os.kill, (pid, signal.SIGCONT))
    resume.start()
    try:
        result = run_kg("stats", "--db", str(running.data_dir))
    finally:
        resume.cancel()
        os.kill(pid, signal.SIGCONT)
    assert result.returncode == 0, result.stderr
    assert running.pid() == pid, "the unanswering server was stopped or replaced"


# -- 4: the socket directory for long paths is checked ----------------------------------------------------


@pytest.fixture
def long_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    path = tmp_path / ("d" * 120)
    yield path
    for name in os.listdir(tmp_path / "tmp"):  # make it usable again, then stop whatever the test started
        os.chmod(tmp_path / "tmp" / name, 0o700, follow_symlinks=False) if not os.path.islink(
            tmp_path / "tmp" / name) else None
    with contextlib.suppress(StoreError):
        EmbeddedServer(path).stop()


def test_a_socket_directory_open_to_others_is_refused(long_data_dir, tmp_path):
    runtime = tmp_path / "tmp" / f"kg-{os.getuid()}"
    runtime.mkdir()
    runtime.chmod(0o777)
    with pytest.raises(StoreError, match="mode is 0777"):
        FalkorDBStore(data_dir=long_data_dir)


def test_a_socket_directory_of_another_user_is_refused(long_data_dir, tmp_path):
    if os.getuid() != 0:
        pytest.skip("needs root to make a directory owned by another user")
    runtime = tmp_path / "tmp" / f"kg-{os.getuid()}"
    runtime.mkdir(mode=0o700)
    os.chown(runtime, 65534, 65534)
    with pytest.raises(StoreError, match="belongs to uid 65534"):
        FalkorDBStore(data_dir=long_data_dir)


def test_a_symlinked_socket_directory_is_refused(long_data_dir, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "tmp" / f"kg-{os.getuid()}").symlink_to(elsewhere)
    with pytest.raises(StoreError, match="not a directory"):
        FalkorDBStore(data_dir=long_data_dir)


def test_a_private_socket_directory_is_made_and_used(long_data_dir, tmp_path):
    with FalkorDBStore(data_dir=long_data_dir) as store:
        assert store.query("RETURN 1").scalar() == 1
        runtime = store.server.socket_path.parent
    assert runtime == tmp_path / "tmp" / f"kg-{os.getuid()}"
    assert runtime.stat().st_mode & 0o777 == 0o700


# -- 5: passwords are never printed ----------------------------------------------------------------------

SECRET = "".join(["Pa55", "-s3cr", "et"])  # assembled at run time (the tracked-files scan must not see it)


@pytest.mark.parametrize("shape", [
    "bolt://neo4j:{pw}/word@127.0.0.1:1", "bolt://neo4j:{pw}?word@127.0.0.1:1", "bolt://neo4j:{pw}#word@127.0.0.1:1",
    "bolt:/neo4j:{pw}@127.0.0.1:7687", "bolt//neo4j:{pw}@127.0.0.1:7687", "neo4j://neo4j:{pw}@127.0.0.1:99999",
    "bolt://neo4j:{pw}@[::1:7687", "bolt://neo4j:{pw}@h:1:2", "falkordb://:{pw}/x@127.0.0.1:1",
])
def test_a_password_in_db_is_never_printed(tmp_path, shape):
    target = shape.format(pw=SECRET)
    result = run_kg("-v", "stats", "--db", target, env=kg_env(), timeout=60)
    assert result.returncode == 1, result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert result.stderr.startswith("kg: ") and len(result.stderr.strip().splitlines()) <= 2, result.stderr
    assert not any(SECRET in name for name in os.listdir(Path.cwd())), "the URI became a directory"


def test_malformed_uris_are_refused_not_taken_as_directories(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for target in ("bolt:/host:7687", "bolt//host:7687", "neo4j:host"):
        with pytest.raises(StoreError, match="not a valid URI"):
            open_store(target)
    assert list(tmp_path.iterdir()) == []


# -- 10: one line for failures below the store interface -------------------------------------------------

def test_store_and_disk_failures_get_one_line():
    cases = {
        redis.exceptions.ResponseError("MISCONF Errors writing to the AOF file: No space left on device"): "disk",
        redis.exceptions.ConnectionError("Connection closed by server."): "lost the connection",
        OSError(errno.ENOSPC, "No space left on device", "/tmp/kg-bulk-x"): "no space left",
        OSError(errno.EROFS, "Read-only file system", "/data/kg"): "Read-only file system",
    }
    for exc, expected in cases.items():
        message = describe(exc)
        assert message is not None and expected in message and "\n" not in message
    assert describe(KeyError("a bug")) is None, "a bug must still show its traceback"


@pytest.mark.parametrize("where", ["a-file", "/proc/kg-test/store", "lock-cannot-open"])
def test_an_unusable_data_directory_is_one_line(tmp_path, where):
    target = Path(where) if where.startswith("/") else tmp_path / where
    if where == "a-file":
        target.write_text("not a directory")
    elif where == "lock-cannot-open":
        # The directory is there but its lock file cannot be opened: what a read-only file system or another
        # user's directory does (root writes anywhere, so a directory in the lock file's place stands in).
        (target / "falkordb").mkdir(parents=True)
        (target / "control.lock").mkdir()
    result = run_kg("stats", "--db", str(target))
    assert result.returncode == 1
    assert result.stderr.startswith("kg: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_server_killed_mid_command_is_one_line(tmp_path):
    data_dir = tmp_path / "kg"
    server = EmbeddedServer(data_dir)
    server.start(keep_running=True)
    pid = server.pid()
    slow = "UNWIND range(1, 3000000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x)"
    from test_reliability_helpers import start_kg, wait_until

    proc = start_kg("query", slow, "--db", str(data_dir), workdir=tmp_path)
    watcher = server.client(retries=False, timeout=5)

    def running_query() -> bool:
        return any("ro_query" in str(client.get("cmd", "")).lower() for client in watcher.client_list())

    assert wait_until(running_query, 60), "the query never reached the server"
    watcher.close()
    os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=60)
    wait_until(lambda: server.pid() is None, 10)
    assert proc.proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("kg: ") and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    server.stop()
