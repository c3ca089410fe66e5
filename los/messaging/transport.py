"""How messages travel to and from the health network, chosen by a setting.

* **folder** (the default; demo and tests): a pair of folders under LOS_HEALTH_NETWORK_DIR (default
  var/helsenett). Los writes each outgoing message to `ut/<message id>.xml` (first to a temporary name,
  then renamed, so a reader never sees half a file) and reads what arrives in `inn/`, moving each file
  it has handled to `inn/behandlet/`. A communication program of the municipality's own (or a test)
  moves files between these folders and the health network.
* **http**: the health network's message service over HTTPS, at LOS_HEALTH_NETWORK_URL with
  LOS_HEALTH_NETWORK_USER / LOS_HEALTH_NETWORK_PASSWORD (HTTP basic authentication):
  `POST {url}/messages` with the message as `application/xml` sends; `GET {url}/messages` lists the ids
  waiting for Los (a JSON list), `GET {url}/messages/{id}` fetches one and `DELETE {url}/messages/{id}`
  marks it handled.

Both raise `TransportError` when the message could not be handed over; the outbox then tries again later.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 30
MAX_INCOMING_BYTES = 30 * 1024 * 1024  # a message with a 20 MB attachment, base64, still fits


class TransportError(Exception):
    """The message could not be handed to the health network (or read from it)."""


@dataclass(frozen=True)
class Incoming:
    """One file waiting for Los, and how to mark it handled."""

    name: str
    content: bytes
    transport: Transport

    def done(self) -> None:
        self.transport.acknowledge(self.name)


class Transport:
    def send(self, msg_id: str, xml: bytes) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def incoming(self) -> Iterator[Incoming]:  # pragma: no cover - interface
        raise NotImplementedError

    def acknowledge(self, name: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def _safe_name(msg_id: str) -> str:
    name = "".join(c for c in msg_id if c.isalnum() or c in "-_.")
    if not name or name.startswith("."):
        raise TransportError(f"unusable message id for a file name: {msg_id!r}")
    return name


class FolderTransport(Transport):
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.outbox = self.root / "ut"
        self.inbox = self.root / "inn"
        self.handled = self.inbox / "behandlet"

    def send(self, msg_id: str, xml: bytes) -> None:
        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
            target = self.outbox / f"{_safe_name(msg_id)}.xml"
            fd, temporary = tempfile.mkstemp(dir=self.outbox, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(xml)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except OSError as error:
            raise TransportError(f"could not write to {self.outbox}: {error}") from error

    def incoming(self) -> Iterator[Incoming]:
        if not self.inbox.is_dir():
            return
        for path in sorted(p for p in self.inbox.iterdir() if p.is_file() and not p.name.startswith(".")):
            try:
                if path.stat().st_size > MAX_INCOMING_BYTES:
                    content = b""  # too large to read: handled as not well formed (and rejected)
                else:
                    content = path.read_bytes()
            except OSError:
                continue  # moved away meanwhile
            yield Incoming(path.name, content, self)

    def acknowledge(self, name: str) -> None:
        self.handled.mkdir(parents=True, exist_ok=True)
        source = self.inbox / name
        if source.exists():
            os.replace(source, self.handled / name)


class HttpTransport(Transport):
    def __init__(self, url: str, user: str = "", password: str = ""):
        self.url = url.rstrip("/")
        self.headers = {}
        if user:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"

    def _call(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> bytes:
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return response.read(MAX_INCOMING_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise TransportError(f"{method} {path}: HTTP {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            raise TransportError(f"{method} {path}: {error}") from error

    def send(self, msg_id: str, xml: bytes) -> None:
        self._call("POST", "/messages", xml, "application/xml; charset=utf-8")

    def incoming(self) -> Iterator[Incoming]:
        try:
            waiting = json.loads(self._call("GET", "/messages") or b"[]")
        except ValueError as error:
            raise TransportError(f"GET /messages: not a JSON list ({error})") from error
        for name in waiting if isinstance(waiting, list) else []:
            name = str(name)
            content = self._call("GET", f"/messages/{urllib.parse.quote(name, safe='')}")
            yield Incoming(name, content if len(content) <= MAX_INCOMING_BYTES else b"", self)

    def acknowledge(self, name: str) -> None:
        self._call("DELETE", f"/messages/{urllib.parse.quote(name, safe='')}")


def configured() -> Transport:
    """The transport the settings choose (LOS_HEALTH_NETWORK_TRANSPORT: folder or http)."""
    kind = getattr(settings, "LOS_HEALTH_NETWORK_TRANSPORT", "folder")
    if kind == "http":
        return HttpTransport(
            settings.LOS_HEALTH_NETWORK_URL,
            getattr(settings, "LOS_HEALTH_NETWORK_USER", ""),
            getattr(settings, "LOS_HEALTH_NETWORK_PASSWORD", ""),
        )
    return FolderTransport(settings.LOS_HEALTH_NETWORK_DIR)
