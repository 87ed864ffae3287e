"""What the real service prints: one access line per request, no logging errors, no tracebacks."""

import re
import time

from tests.e2e.sandbox.conftest import ALICE, SandboxClient

ACCESS_LINE = re.compile(r'"(GET|POST) (?P<path>\S+) HTTP/1\.1" (?P<status>\d{3})')


def _access_lines(client: SandboxClient) -> list[tuple[str, str]]:
    assert client.log_path is not None
    text = client.log_path.read_text()
    return [(m["path"], m["status"]) for m in ACCESS_LINE.finditer(text)]


def test_each_request_prints_one_access_line_and_nothing_goes_wrong_in_the_logs(
    service: SandboxClient,
) -> None:
    before = _access_lines(service)
    marker = f"/healthz?probe={time.monotonic_ns()}"
    assert service.http.get(marker).status_code == 200
    assert service.http.get("/sandbox").status_code == 200
    service.reply(ALICE, "/start", "")
    time.sleep(0.5)  # the access line is written after the response is sent

    after = _access_lines(service)[len(before) :]
    assert after.count((marker, "200")) == 1
    assert ("/sandbox", "200") in after
    assert any(path.startswith(f"/sandbox/api/chats/{ALICE}") for path, _ in after)
    assert service.log_path is not None
    text = service.log_path.read_text()
    assert "--- Logging error ---" not in text
    assert "Traceback (most recent call last)" not in text
