"""Open a page in headless Chromium over the DevTools protocol: console errors, page state, screenshot.

Used by the browser test, and as a script to refresh the README's screenshot::

    python tests/report/browser.py out/demo/report.html docs/screenshot.png
    python tests/report/browser.py out/demo/report.html phone.png 360   # as a phone shows it

Chromium is Debian's ``chromium`` (``/usr/bin/chromium``), started with the flags this closed
network needs (no background networking, no component updates, no QUIC) and a fresh
profile; the DevTools port is chosen by Chromium and read from ``DevToolsActivePort``.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import websocket

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-breakpad",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
)


def find_chromium() -> str | None:
    """Path of a Chromium executable, or ``None`` (``COGOV_CHROMIUM`` overrides the search)."""
    explicit = os.environ.get("COGOV_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@attrs.define
class PageResult:
    """What the page did: console errors and exceptions, its body's data attributes, a screenshot."""

    errors: list[str]
    state: dict[str, Any]
    screenshot: bytes
    height: int


class DevTools:
    """A minimal DevTools protocol client: send commands, collect events."""

    def __init__(self, url: str) -> None:
        self._ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self._ids)
        self._ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    msg = f"{method}: {message['error']}"
                    raise RuntimeError(msg)
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while time.monotonic() < deadline:
            message = json.loads(self._ws.recv())
            self.events.append(message)
            if message.get("method") == method:
                return message
        msg = f"timed out waiting for {method}"
        raise TimeoutError(msg)

    def close(self) -> None:
        self._ws.close()


@contextmanager
def chromium(executable: str) -> Iterator[DevTools]:
    """Start headless Chromium with a fresh profile; yield a DevTools client on its first page."""
    # the profile may still be written to by Chromium's helpers while it is removed
    with tempfile.TemporaryDirectory(prefix="cogov-chromium-", ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so its helpers end with it
        )
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            deadline = time.monotonic() + 30
            while not (port_file.exists() and port_file.read_text().strip()):
                if process.poll() is not None or time.monotonic() > deadline:
                    msg = f"chromium did not start (exit code {process.poll()})"
                    raise RuntimeError(msg)
                time.sleep(0.05)
            port = port_file.read_text().split()[0]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
                targets = json.load(response)
            page = next(t for t in targets if t.get("type") == "page")
            client = DevTools(page["webSocketDebuggerUrl"])
            try:
                yield client
            finally:
                client.close()
        finally:
            _end_group(process)


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """End Chromium and every helper it started (its own process group); never wait forever."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            process.kill()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # helpers that outlived the browser
    time.sleep(0.05)  # let the killed helpers' last writes land before the profile is removed


def _console_errors(events: list[dict[str, Any]]) -> list[str]:
    errors = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            errors.append(
                f"exception: {details.get('exception', {}).get('description') or details.get('text')}"
            )
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            texts = [str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])]
            errors.append(f"console.{params['type']}: {' '.join(texts)}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            errors.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip())
    return errors


# Text of a chart that the browser lays out outside the chart's own box (cut off when drawn):
# each as [chart, text, how far out in px]; measured with getBBox in the chart's user units.
_CLIPPED_TEXT = """JSON.stringify([].concat.apply([], Array.from(document.querySelectorAll('svg.chart'))
    .filter(function (svg) { return svg.getClientRects().length > 0; }).map(function (svg) {
  var view = svg.viewBox.baseVal;
  return Array.from(svg.querySelectorAll('text')).map(function (text) {
    var box = text.getBBox();
    var out = Math.max(view.x - box.x, box.x + box.width - view.x - view.width,
                       view.y - box.y, box.y + box.height - view.y - view.height);
    return [svg.dataset.chart, text.textContent, Math.round(out * 10) / 10];
  }).filter(function (row) { return row[2] > 0.5; });
})))"""


def open_page(executable: str, page: Path | str, *, width: int = 1400, mobile: bool = False) -> PageResult:
    """Load ``page`` (a file, or a URL given as a string), wait for its self-check, collect errors and a full-page screenshot.

    ``mobile`` emulates a phone (the page's viewport meta applies).  ``state`` gains
    ``scroll_width`` and ``inner_width`` (horizontal overflow when the first exceeds the
    second) and ``clipped``, the chart text laid out outside its chart.
    """
    with chromium(executable) as tools:
        tools.call("Runtime.enable")
        tools.call("Log.enable")
        tools.call("Page.enable")
        tools.call(
            "Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=mobile
        )
        tools.call("Page.navigate", url=page if isinstance(page, str) else page.resolve().as_uri())
        tools.wait_for("Page.loadEventFired")
        state: dict[str, Any] = {}
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            found = tools.call(
                "Runtime.evaluate",
                expression="JSON.stringify(Object.assign({}, document.body.dataset, "
                "{height: document.documentElement.scrollHeight, "
                "fonts: document.fonts.status}))",
                returnByValue=True,
            )
            state = json.loads(found["result"]["value"])
            if state.get("ready") == "true":
                break
            time.sleep(0.1)
        drawn = tools.call(
            "Runtime.evaluate",
            expression="JSON.stringify(Array.from(document.querySelectorAll('svg.chart'))"
            ".filter(s => s.getClientRects().length > 0)"  # the rendering CSS shows at this width
            ".map(s => [s.dataset.chart, Number(s.dataset.drawn || 0), s.querySelectorAll('.mark').length]))",
            returnByValue=True,
        )
        state["per_chart"] = json.loads(drawn["result"]["value"])
        widths = tools.call(
            "Runtime.evaluate",
            expression="JSON.stringify([document.documentElement.scrollWidth, window.innerWidth])",
            returnByValue=True,
        )
        state["scroll_width"], state["inner_width"] = json.loads(widths["result"]["value"])
        clipped = tools.call("Runtime.evaluate", expression=_CLIPPED_TEXT, returnByValue=True)
        state["clipped"] = json.loads(clipped["result"]["value"])
        height = int(state.get("height", 900))
        tools.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        shot = tools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        errors = _console_errors(tools.events)
        return PageResult(errors, state, base64.b64decode(shot["data"]), height)


def main(argv: list[str]) -> int:
    executable = find_chromium()
    if executable is None:
        print("chromium not found", file=sys.stderr)
        return 1
    page, target = Path(argv[0]), Path(argv[1])
    width = int(argv[2]) if len(argv) > 2 else 1400  # e.g. 360 for a phone
    result = open_page(executable, page, width=width, mobile=width < 600)
    target.write_bytes(result.screenshot)
    print(json.dumps({"errors": result.errors, "state": result.state}, ensure_ascii=False))
    return 0 if not result.errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
