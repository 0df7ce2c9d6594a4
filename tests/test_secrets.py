"""Secrets: no credentials in tracked files, none in what `kg` prints (even at -vv), and no network listener.

- Every tracked file is scanned for credential shapes: a password inside a URI, a literal NEO4J_AUTH or
  NEO4J_PASSWORD value, cloud and API key formats, private keys. (The fake password this module uses is
  assembled at run time so the scan of this very file stays meaningful.)
- `kg` commands given a password in `--db` or in NEO4J_PASSWORD never print it: not in errors, not in logs.
- The embedded server listens on a unix socket only (mode 0700) and holds no TCP/UDP socket: checked from
  /proc (the server's socket inodes against the kernel's TCP/UDP tables), not from its configuration.
"""
from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
from test_reliability_helpers import KEYWORDS, kg_argv, kg_env, reap_processes_under, run_kg

REPO = Path(__file__).resolve().parents[1]
FAKE_PASSWORD = "".join(["s3", "cret", "-pw", "-4711"])  # not a literal: the scan below must not see it here

# Values that are placeholders, not secrets.
PLACEHOLDER = re.compile(r"^(\$\{?\w+|<|\{|\*+|x+|changeme|password|pass|secret|your[-_]?password|\.\.\.|"
                         r"PASSWORD|\{[^}]*\}|%s|\$\w*)", re.IGNORECASE)
CREDENTIAL_PATTERNS = {
    "password in a URI": re.compile(r"\b[a-z][a-z0-9+.\-]*://[^/\s:@'\"`]+:([^@\s/'\"`]+)@[\w.\-\[\]]+"),
    "literal NEO4J_AUTH": re.compile(r"NEO4J_AUTH\s*[:=]\s*[\"']?\w+/([^\"'\s}]+)"),
    "literal password variable": re.compile(
        r"(?<!\$\{)\b(?:NEO4J_PASSWORD|FALKORDB_PASSWORD|REDIS_PASSWORD|PASSWORD)\s*[:=]\s*[\"']?([^\s\"'#]+)"),
    "AWS access key": re.compile(r"\b(AKIA[0-9A-Z]{16})\b"),
    "GitHub token": re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{36,})\b"),
    "OpenAI-style key": re.compile(r"\b(sk-[A-Za-z0-9_\-]{20,})\b"),
    "Slack token": re.compile(r"\b(xox[abprs]-[A-Za-z0-9\-]{10,})\b"),
    "Google API key": re.compile(r"\b(AIza[0-9A-Za-z_\-]{35})\b"),
    "private key": re.compile(r"(-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----)"),
}


def tracked_text_files() -> list[Path]:
    try:
        names = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    files = []
    for name in names.decode().split("\0"):
        path = REPO / name
        if name and path.is_file() and path.stat().st_size < 5_000_000:
            head = path.read_bytes()[:4096]
            if b"\0" not in head:
                files.append(path)
    return files


def find_credentials(text: str) -> list[tuple[str, str]]:
    found = []
    for what, pattern in CREDENTIAL_PATTERNS.items():
        for match in pattern.finditer(text):
            value = match.group(1)
            if what in ("password in a URI", "literal NEO4J_AUTH", "literal password variable") and \
                    (PLACEHOLDER.match(value) or len(value) < 4 or not re.search(r"\w", value)):
                continue
            found.append((what, match.group(0)))
    return found


def test_the_scanner_finds_what_it_looks_for():
    leaks = [f"bolt://neo4j:{FAKE_PASSWORD}@db.example.org:7687", f"NEO4J_AUTH=neo4j/{FAKE_PASSWORD}",
             f'NEO4J_PASSWORD="{FAKE_PASSWORD}"', "AKIA" + "ABCDEFGHIJKLMNOP", "ghp_" + "a" * 36,
             "sk-" + "A1b2" * 6, "-----BEGIN " + "RSA PRIVATE KEY-----"]
    for leak in leaks:
        assert find_credentials(leak), leak
    fine = ["bolt://localhost:7687", "NEO4J_AUTH: \"neo4j/${NEO4J_PASSWORD:?set it}\"", "NEO4J_PASSWORD=",
            "NEO4J_PASSWORD=<your password>", "bolt://user:${NEO4J_PASSWORD}@host", "https://arxiv.org/abs/2401.1"]
    for text in fine:
        assert not find_credentials(text), text


def test_no_credentials_in_tracked_files():
    files = tracked_text_files()
    assert any(p.name == "docker-compose.yml" for p in files) and len(files) > 30
    found = []
    for path in files:
        for what, text in find_credentials(path.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{path.relative_to(REPO)}: {what}: {text[:80]}")
    assert not found, "\n".join(found)


def test_env_files_stay_untracked():
    files = {p.relative_to(REPO).as_posix() for p in tracked_text_files()}
    assert ".env" not in files
    assert ".env" in (REPO / ".gitignore").read_text().split()
    compose = (REPO / "docker-compose.yml").read_text()
    assert "${NEO4J_PASSWORD" in compose, "the compose file takes the password from the environment"


# -- what kg prints --------------------------------------------------------------------------------------

@pytest.fixture
def one_file(tmp_path) -> Path:
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "a", "title": "A", "abstract": "BERT outperforms GPT-4 by 1% on GLUE."}\n')
    yield path
    reap_processes_under(tmp_path)


URIS = [f"bolt://neo4j:{FAKE_PASSWORD}@127.0.0.1:1", f"neo4j://neo4j:{FAKE_PASSWORD}@127.0.0.1:1/db",
        f"falkordb://user:{FAKE_PASSWORD}@127.0.0.1:1", f"redis://:{FAKE_PASSWORD}@127.0.0.1:1/g",
        f"bolts://neo4j:{FAKE_PASSWORD}@127.0.0.1:1"]  # a typo in the scheme


def run_all(commands: list[list[str]], env=None) -> list[subprocess.CompletedProcess]:
    """Run `kg` commands side by side (each fails fast; together they take the time of the slowest)."""
    procs = [(args, subprocess.Popen(kg_argv(*args), env=env or kg_env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)) for args in commands]
    results = []
    for args, proc in procs:
        out, err = proc.communicate(timeout=120)
        assert "Traceback" not in err, (args, err[-2000:])
        results.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return results


def test_a_password_in_db_is_never_printed(one_file):
    commands = [["-vv", "ingest", str(one_file), "--db", uri, "--extractor", KEYWORDS] for uri in URIS]
    commands += [["db", "status", "--db", uri] for uri in (URIS[0], URIS[-1])]  # `kg db` names the --db it refuses
    commands += [["query", "RETURN 1", "--db", URIS[2]]]
    for result in run_all(commands):
        assert result.returncode != 0, result.args
        assert result.stderr.strip(), "a failure says why"
        assert FAKE_PASSWORD not in result.stdout + result.stderr, (result.args, result.stderr[-2000:])


def test_a_password_from_the_environment_is_never_printed(one_file):
    env = kg_env({"NEO4J_PASSWORD": FAKE_PASSWORD, "NEO4J_USER": "neo4j", "FALKORDB_PASSWORD": FAKE_PASSWORD})
    commands = [["-vv", "ingest", str(one_file), "--db", db, "--extractor", KEYWORDS]
                for db in ("bolt://127.0.0.1:1", "falkordb://127.0.0.1:1")]
    for result in run_all(commands, env=env):
        assert result.returncode != 0
        assert FAKE_PASSWORD not in result.stdout + result.stderr, result.stderr[-2000:]


# -- the embedded server's sockets ---------------------------------------------------------------------

def socket_inodes(pid: int) -> set[int]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[len("socket:["):-1]))
    return inodes


def inet_inodes(table: str, listening_only: bool) -> set[int]:
    path = Path("/proc/net") / table
    if not path.exists():
        return set()
    inodes = set()
    for line in path.read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) > 9 and (not listening_only or fields[3] == "0A"):  # 0A: TCP_LISTEN
            inodes.add(int(fields[9]))
    return inodes


def unix_inodes(socket_path: Path) -> set[int]:
    inodes = set()
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[7] == str(socket_path):
            inodes.add(int(fields[6]))
    return inodes


def test_the_embedded_server_has_no_network_socket_at_all(tmp_path, one_file):
    from kg.stores.falkordb_store import FalkorDBStore

    data_dir = tmp_path / "kg"
    assert run_kg("ingest", str(one_file), "--db", str(data_dir), "--extractor", KEYWORDS).returncode == 0
    with FalkorDBStore(data_dir=data_dir) as store:
        pid = store.server.pid()
        assert pid
        mine = socket_inodes(pid)
        # The check can see the server's sockets: its listening unix socket is among them.
        assert unix_inodes(store.server.socket_path) & mine, "the server's unix socket was not found in /proc"
        for table in ("tcp", "tcp6", "udp", "udp6"):
            assert not (inet_inodes(table, listening_only=False) & mine), f"the server has a {table} socket"
        assert not (inet_inodes("tcp", True) | inet_inodes("tcp6", True)) & mine
        mode = store.server.socket_path.stat().st_mode
        assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o700
        log_text = store.server.log_file.read_text(errors="replace")
        assert "Ready to accept connections unix" in log_text and "tcp" not in log_text.lower()
