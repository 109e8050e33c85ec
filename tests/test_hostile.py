"""Thousands of generated hostile requests against real gunicorn: no 5xx, no traceback, no leaked file."""

import random
import socket
from concurrent.futures import ThreadPoolExecutor

from conftest import ROOT
from servers import gunicorn

SEED = 20261126
REQUESTS = 3000
PAGES = ["", "en/", "es/", "ar/", "en/stopped-now/", "es/red-card/", "en/phrases/", "es/changes/", "sitemap.xml",
         "static/", "en/warrants/"]
TRAVERSALS = ["../", "..%2f", "%2e%2e/", "%2e%2e%2f", "..\\", "%252e%252e%252f", "....//", "..;/", "%c0%ae%c0%ae/"]
TARGETS = ["etc/passwd", "app.py", "gunicorn.conf.py", "pocketrights/__init__.py", "content/en/phrases.yaml",
           "translations/es/LC_MESSAGES/messages.po", ".git/config", "proc/self/environ"]
# Text that may only appear if a file leaked out of the server.
LEAKS = [b"root:x:0:0", b"create_app", b"worker_class", b"def ", b"[core]", b"msgid", b"PATH=", b"Traceback"]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "CONNECT", "PROPFIND", "G\x00T",
           "get", "X" * 40]


def path(rng: random.Random) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        return "/" + rng.choice(PAGES)
    if kind == 1:
        prefix = rng.choice(["", "static/", "en/", "es/door/", "static/style.css/"])
        return "/" + prefix + rng.choice(TRAVERSALS) * rng.randint(1, 8) + rng.choice(TARGETS)
    if kind == 2:
        odd = ["%", "%zz", "%00", "%ff%fe", "\u202e", "é", "🙂", "//", ";x", "?a=%"]
        return "/" + rng.choice(PAGES) + rng.choice(odd)
    if kind == 3:
        return "/" + "/".join(rng.choice(["en", "..", ".", "", "x" * rng.randint(1, 300), "%2F"])
                              for _ in range(rng.randint(1, 12)))
    if kind == 4:
        return rng.choice(["*", "http://evil.example/", "//evil.example/", "en/", "", "/" * rng.randint(2, 50)])
    if kind == 5:
        return "/" + rng.choice(PAGES) + "?" + "&".join(f"{rng.random()}={'x' * rng.randint(0, 200)}"
                                                        for _ in range(rng.randint(1, 20)))
    return "/static/" + "".join(rng.choice("abcdef0123456789.-_/%") for _ in range(rng.randint(1, 80)))


def headers(rng: random.Random) -> list[str]:
    found = [rng.choice(["Host: 127.0.0.1", "Host: evil.example", "Host: ", "Host: a b", "Host: [::1",
                         "Host: x" * rng.randint(1, 3)])]
    for _ in range(rng.randint(0, 8)):
        found.append(rng.choice([
            "Accept-Language: " + rng.choice(["es", "*", ";;;", "x" * 3000, "es;q=abc", "ar;q=-1, \x7f"]),
            "Accept-Encoding: " + rng.choice(["gzip", "br, gzip;q=0", "x" * 500, "identity;q=0"]),
            "Range: bytes=" + rng.choice(["0-0", "-1", "5-1", "0-99999999999999999999", "a-b"]),
            "If-None-Match: " + rng.choice(['"x"', "*", "W/" * 50]),
            "If-Modified-Since: " + rng.choice(["yesterday", "Thu, 01 Jan 1970 00:00:00 GMT", "\x00"]),
            "Cookie: session=" + "x" * rng.randint(0, 1000),
            "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example",
            "Content-Type: " + rng.choice(["application/json", "multipart/form-data; boundary=", "x/y"]),
            "User-Agent: " + "".join(chr(rng.randint(32, 0x2FF)) for _ in range(rng.randint(0, 50))),
        ]))
    return found


def body(rng: random.Random) -> tuple[list[str], bytes]:
    kind = rng.randrange(5)
    if kind == 0:
        return [], b""
    if kind == 1:
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
        return [f"Content-Length: {len(data)}"], data
    if kind == 2:
        return [f"Content-Length: {rng.choice(['-1', '99999999999', 'abc', '5, 6'])}"], b"hello"
    if kind == 3:
        chunks = [b"5\r\nhello\r\n0\r\n\r\n", b"zz\r\n", b"5;x=\x01\r\nhi\r\n"]
        return ["Transfer-Encoding: chunked"], rng.choice(chunks)
    return ["Transfer-Encoding: chunked", "Content-Length: 5"], b"0\r\n\r\n"


def build(rng: random.Random) -> bytes:
    version = rng.choice(["HTTP/1.1"] * 6 + ["HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "", "HTTP/1.1 extra"])
    extra, data = body(rng)
    line_end = rng.choice(["\r\n"] * 8 + ["\n"])
    text = f"{rng.choice(METHODS)} {path(rng)} {version}".rstrip() + line_end
    text += line_end.join(headers(rng) + extra) + line_end + line_end
    return text.encode("utf-8", "surrogateescape") + data


def send(port: int, request: bytes) -> bytes:
    answer = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(request)
            connection.shutdown(socket.SHUT_WR)
            while chunk := connection.recv(65536):
                answer += chunk
    except OSError:
        pass  # a server may close on a request it refuses; what matters is what it sent
    return answer


def test_generated_hostile_requests_never_break_the_server(tmp_path):
    rng = random.Random(SEED)
    requests = [build(rng) for _ in range(REQUESTS)]
    log = tmp_path / "gunicorn.log"
    with gunicorn(log, POCKETRIGHTS_WORKERS="2") as base:
        port = int(base.rstrip("/").rsplit(":", 1)[1])
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(lambda request: send(port, request), requests))
        assert send(port, b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").startswith(b"HTTP/1.1 200")
    statuses = {}
    for request, answer in zip(requests, answers, strict=True):
        status = answer[9:12].decode("latin-1") if answer.startswith(b"HTTP/1.") else "none"
        statuses[status] = statuses.get(status, 0) + 1
        assert not status.startswith("5") or status == "501", (status, request[:200])
        for leak in LEAKS:
            assert leak not in answer, (leak, request[:200])
    text = log.read_bytes()
    assert b"Traceback" not in text and b"unexpected error" not in text
    assert statuses.get("200", 0) > 30 and statuses.get("404", 0) > 100, statuses  # the generator reached the app
    print(f"\n{REQUESTS} hostile requests (seed {SEED}): {dict(sorted(statuses.items()))}")


def test_the_leak_detector_would_see_a_leak():
    source = (ROOT / "gunicorn.conf.py").read_bytes() + (ROOT / "app.py").read_bytes()
    assert any(leak in source for leak in LEAKS)
