"""A headless Chromium driven over the DevTools protocol, with the Python standard library only
(a minimal WebSocket client), so the browser tests need no package beyond Debian's chromium.

    with Browser() as b:
        page = b.open("file:///tmp/report.html", width=1000)
        page.evaluate("document.title")
        pdf_bytes = page.pdf()
        png_bytes = page.screenshot()
        page.console_errors()  # console errors, exceptions and failed loads seen so far
"""

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time

CANDIDATES = ("chromium", "chromium-headless-shell", "chromium-browser", "google-chrome")


def find_chromium():
    """The path of a Chromium binary, or None."""
    explicit = os.environ.get("THOMAS_CHROMIUM")
    if explicit:
        return explicit
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames, client masking."""

    def __init__(self, url, timeout):
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("DevTools closed the connection during the handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise ConnectionError(f"DevTools refused the WebSocket: {head[:200]!r}")

    def send(self, text):
        data = text.encode()
        header = bytearray([0x81])
        n = len(data)
        if n < 126:
            header.append(0x80 | n)
        elif n < 1 << 16:
            header.append(0x80 | 126)
            header += struct.pack(">H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", n)
        mask = os.urandom(4)
        header += mask
        self.sock.sendall(bytes(header) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def receive(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the WebSocket")
            if opcode in (0x9, 0xA):  # ping / pong: nothing to answer for our short sessions
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()


class Page:
    def __init__(self, browser, session):
        self.browser = browser
        self.session = session
        self.errors = []

    def call(self, method, **params):
        return self.browser.call(method, params, self.session)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def pdf(self, paper="a4"):
        width, height = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}[paper]
        data = self.call("Page.printToPDF", paperWidth=width, paperHeight=height,
                         displayHeaderFooter=False, printBackground=True,
                         preferCSSPageSize=False)["data"]
        return base64.b64decode(data)

    def screenshot(self, full_page=True, media="screen"):
        self.call("Emulation.setEmulatedMedia", media=media)
        params = {"format": "png"}
        if full_page:
            size = self.evaluate("[document.documentElement.scrollWidth,"
                                 " document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        self.call("Emulation.setEmulatedMedia", media="")
        return base64.b64decode(data)

    def set_width(self, width, height=900, scale=1):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=scale, mobile=False)

    def console_errors(self):
        self.browser.drain(0.3)
        return list(self.errors)


class Browser:
    def __init__(self, timeout=30):
        self.path = find_chromium()
        if not self.path:
            raise FileNotFoundError("no chromium found (apt-get install chromium)")
        self.timeout = timeout
        self.next_id = 0
        self.pages = {}

    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix="thomas-chromium-")
        args = [self.path, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--hide-scrollbars", "--mute-audio", "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}", "about:blank"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)
        deadline = time.monotonic() + self.timeout
        url = None
        for line in self.process.stderr:
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                url = m.group(1)
                break
            if time.monotonic() > deadline:
                break
        if not url:
            self.close()
            raise RuntimeError("chromium did not report its DevTools address")
        self.ws = WebSocket(url, self.timeout)
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if getattr(self, "process", None) and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(getattr(self, "profile", ""), ignore_errors=True)

    def _dispatch(self, message):
        session = message.get("sessionId")
        page = self.pages.get(session)
        method = message.get("method", "")
        if page is None:
            return
        params = message.get("params", {})
        if method == "Runtime.exceptionThrown":
            page.errors.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            page.errors.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            page.errors.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
        elif method == "Network.loadingFailed":
            page.errors.append(f"load failed: {params.get('errorText')}")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(("file:", "data:", "about:")):
                page.errors.append(f"network request: {url}")
        elif method == "Page.loadEventFired":
            page.loaded = True

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.receive())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._dispatch(reply)

    def drain(self, seconds):
        """Handles the events that arrive within `seconds`."""
        self.ws.sock.settimeout(seconds)
        try:
            while True:
                self._dispatch(json.loads(self.ws.receive()))
        except (socket.timeout, TimeoutError):
            pass
        finally:
            self.ws.sock.settimeout(self.timeout)

    def open(self, url, width=1000, height=900):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        page = Page(self, session)
        page.loaded = False
        self.pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(f"{domain}.enable")
        page.set_width(width, height)
        page.call("Page.navigate", url=url)
        deadline = time.monotonic() + self.timeout
        while not page.loaded and time.monotonic() < deadline:
            self.drain(0.2)
        if not page.loaded:
            raise RuntimeError(f"{url} did not finish loading")
        return page


def pdf_page_count(pdf):
    """Pages of a PDF as Chromium writes it (one /Type /Page object each)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
