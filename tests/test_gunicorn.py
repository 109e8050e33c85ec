"""The shipped server, run as deployed: gunicorn with gunicorn.conf.py on a loopback port."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, ROOT
from servers import free_port, gunicorn

SLOW_CLIENTS = 1000
HOLD_SECONDS = 30


def get(url: str, **headers) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def raw(base: str, data: bytes) -> bytes:
    host, port = base.removeprefix("http://").rstrip("/").split(":")
    answer = b""
    with socket.create_connection((host, int(port)), timeout=3) as connection:
        connection.sendall(data)
        try:
            while chunk := connection.recv(65536):  # everything the server sends until it closes
                answer += chunk
        except TimeoutError:
            pass
    return answer


def test_gunicorn_serves_the_site_and_logs_no_personal_data(tmp_path):
    log = tmp_path / "gunicorn.log"
    with gunicorn(log, POCKETRIGHTS_CONTENT_DIR=str(FIXTURE_CONTENT), POCKETRIGHTS_ACCESS_LOG="on") as base:
        status, body, headers = get(base + "es/door/?fbclid=tracking-id-123", **{
            "User-Agent": "secret-agent/1.0", "Referer": "https://tracker.example/", "X-Forwarded-For": "203.0.113.9"})
        assert status == 200 and "Haga esto ahora" in body
        assert headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert "Set-Cookie" not in headers
        status, body, _ = get(base + "es/missing/")
        assert status == 404 and "Página no encontrada" in body
        for hostile in (b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                        b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"):
            answer = raw(base, hostile)
            assert answer.startswith(b"HTTP/1.1 4"), hostile[:20]
            # gunicorn answers these itself, before the app: they must still carry the site's headers
            assert b"Content-Security-Policy: default-src 'none'" in answer and b"Cache-Control: no-store" in answer
        # a body found malformed only after the app answered never gets a second response (405, then 400)
        answer = raw(base, b"POST /en/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                           b"5;a=\x01b\r\nhello\r\n0\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 405") and answer.count(b"HTTP/1.1 ") == 1, answer[-300:]
    text = log.read_text()
    assert '"GET /es/door/ HTTP/1.1" 200' in text
    assert "Invalid request from [address]" in text  # the malformed requests were logged, without an address
    for secret in ("127.0.0.1 ", "ip=127", "203.0.113.9", "secret-agent", "tracker.example", "fbclid", "tracking-id"):
        assert secret not in text, secret


def test_by_default_no_request_is_logged_but_errors_are(tmp_path):
    log = tmp_path / "gunicorn.log"
    with gunicorn(log, POCKETRIGHTS_CONTENT_DIR=str(FIXTURE_CONTENT)) as base:
        assert get(base + "es/door/")[0] == 200 and get(base + "es/missing/")[0] == 404
        assert raw(base, b"GARBAGE\r\n\r\n").startswith(b"HTTP/1.1 4")
    text = log.read_text()
    assert "/es/door/" not in text and "/es/missing/" not in text
    assert "Invalid request from [address]" in text


def test_a_thousand_slow_clients_do_not_stop_the_server(tmp_path):
    """1,000 sockets that send their request a byte at a time (slowloris), reopened whenever the server
    drops them, held for 30 s: normal requests must keep answering within one second."""
    log = tmp_path / "gunicorn.log"
    with gunicorn(log, POCKETRIGHTS_CONTENT_DIR=str(FIXTURE_CONTENT), POCKETRIGHTS_WORKERS="2") as base:
        host, port = base.removeprefix("http://").rstrip("/").split(":")

        def open_slow() -> socket.socket:
            connection = socket.create_connection((host, int(port)), timeout=5)
            connection.sendall(b"GET /en/ HTTP/1.1\r\nHost: ")
            return connection

        slow = [open_slow() for _ in range(SLOW_CLIENTS)]
        latencies, dropped = [], 0
        deadline = time.monotonic() + HOLD_SECONDS
        while time.monotonic() < deadline:
            for index, connection in enumerate(slow):  # one more byte each; reopen what the server cut
                try:
                    connection.sendall(b"x")
                except OSError:
                    connection.close()
                    slow[index] = open_slow()
                    dropped += 1
            started = time.monotonic()
            status, _, _ = get(base + "en/door/")
            latencies.append(time.monotonic() - started)
            assert status == 200
            time.sleep(1)
        for connection in slow:
            connection.close()
    assert len(latencies) >= 10 and max(latencies) < 1.0, f"slowest normal request: {max(latencies):.2f} s"
    print(f"\n{SLOW_CLIENTS} slow clients for {HOLD_SECONDS} s ({dropped} cut by the server's request timeout "
          f"and reopened): {len(latencies)} normal requests, median "
          f"{sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")


def processes_with(marker: str) -> list[int]:
    """Processes whose environment holds `marker` (this test's own server and what it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass  # ended meanwhile, or not ours to read
    return found


def packs_makers(marker: str) -> list[int]:
    found = []
    for pid in processes_with(marker):
        with contextlib.suppress(OSError):
            if b"make_packs" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found


def forks_of_the_packs_maker(marker: str) -> list[int]:
    makers = packs_makers(marker)
    return [pid for pid in makers if int(Path(f"/proc/{pid}/stat").read_text().split()[3]) in makers]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_nothing_the_server_started_outlives_it(tmp_path, stop):
    """The offline packs are made by a process the server starts, which forks more: stopped normally or
    killed outright, the server leaves none of them running (they would write into a folder it removed)."""
    port = free_port()
    marker = f"POCKETRIGHTS_TEST_MARK=packs-{port}"
    env = {**os.environ, "POCKETRIGHTS_BIND": f"127.0.0.1:{port}", "POCKETRIGHTS_WORKERS": "1",
           "POCKETRIGHTS_TEST_MARK": f"packs-{port}"}  # the real guides: their packs take seconds to make
    with (tmp_path / "gunicorn.log").open("wb") as log:
        server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
                                   "app:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not forks_of_the_packs_maker(marker):  # stop it while it is making them, with its forks
            assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.1)
        server.send_signal(stop)
        server.wait(timeout=20)
    deadline = time.monotonic() + 3  # making the packs takes longer: they must have been stopped, not finished
    while packs_makers(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert packs_makers(marker) == []


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs util-linux unshare")
def test_the_packs_are_made_when_the_server_is_process_1(tmp_path):
    """In a container the server is process 1: the packs maker must not take its parent's number, 1, for
    a sign that the server has gone."""
    port = free_port()
    command = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
               str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py", "app:app"]
    env = {**os.environ, "POCKETRIGHTS_BIND": f"127.0.0.1:{port}", "POCKETRIGHTS_WORKERS": "1",
           "POCKETRIGHTS_CONTENT_DIR": str(FIXTURE_CONTENT)}
    with (tmp_path / "gunicorn.log").open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            status = None
            while status != 200:
                if server.poll() is not None:
                    pytest.skip("this machine does not allow a new process namespace")
                assert time.monotonic() < deadline, f"no packs: {status}, {(tmp_path / 'gunicorn.log').read_text()}"
                time.sleep(0.5)
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/downloads/pocket-rights-en.zip") as answer:
                        status = answer.status
                except urllib.error.HTTPError as error:
                    status = error.code  # 503 while they are being made
                except urllib.error.URLError:
                    pass  # not listening yet
        finally:  # unshare ignores SIGTERM while it waits: stop the server, process 1 inside, directly
            for child in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split():
                os.kill(int(child), signal.SIGTERM)
            server.wait(timeout=20)
