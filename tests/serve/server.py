"""A real ``cogov serve`` on a loopback port, for tests and benchmarks."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import attrs
import httpx

from cogov.serve import add_key

BIN = Path(sys.executable).parent
COGOV = str(BIN / "cogov") if (BIN / "cogov").exists() else shutil.which("cogov")
INTAKE = "xxg-cadre-1"
RESIDENT = "xxg-r001010103-1"
RESIDENT_NAME = "赵英德"
#: a resident with no appointment: may not record intake on anyone's behalf
OUTSIDER = "xxg-r001010104-2"


@attrs.frozen
class Server:
    url: str
    store: Path
    keys: dict[str, str]
    process: subprocess.Popen[bytes]

    def client(self, **options: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **options)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def make_keys(path: Path) -> dict[str, str]:
    """Keys of every kind: a desk, a reader, a resident, an outsider without the intake duty."""
    return {
        "desk": add_key(path, key_id="desk", person=INTAKE, scopes=["read", "submit"], intake=INTAKE),
        "reader": add_key(path, key_id="reader", person="xxg-cadre-2", scopes=["read"]),
        "resident": add_key(path, key_id="resident", person=RESIDENT, scopes=["report"]),
        "outsider": add_key(path, key_id="outsider", person=OUTSIDER, scopes=["read", "submit"]),
    }


@contextmanager
def running(store: Path, keys_file: Path, keys: dict[str, str], *options: str) -> Iterator[Server]:
    """``cogov serve STORE`` in its own process group on a free loopback port, stopped after."""
    assert COGOV is not None
    port = free_port()
    env = {**os.environ, "COGOV_LANG": "en"}
    process = subprocess.Popen(
        [COGOV, "serve", str(store), "--keys", str(keys_file), "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                assert process.stderr is not None
                raise RuntimeError(process.stderr.read().decode())
            try:
                if httpx.get(f"{url}/open311/v2/discovery.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(url)
            time.sleep(0.1)
        yield Server(url, store, keys, process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process.stderr is not None:
            process.stderr.close()


def options(*pairs: Sequence[str]) -> list[str]:
    return [part for pair in pairs for part in pair]
