"""Screenshots of each demo user's start page at 1280×800 and 360×740, for README.md.

    .venv/bin/python docs/screenshots/take_screenshots.py

Builds the demo as `make run` serves it (demo mode, DEBUG off, Los' own static files) on a fresh SQLite
database in a temporary directory: migrate, `los seed --families 40 --seed 1`, `los runserver` on a free
loopback port. Then Debian's Chromium (never a downloaded browser) logs in as each demo user and saves
docs/screenshots/<user>-1280.png and <user>-360.png. The temporary directory and the server are removed
afterwards; nothing in the checkout changes but the PNG files.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parents[1]
LOS = Path(sys.executable).parent / "los"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [  # as tests/browser/conftest.py launches it
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The demo users in `los demo-logins` order; each file is named after the user (the role in bokmål).
USERS = ["saksbehandler", "koordinator", "tjenesteyter", "forelder", "leder", "admin"]
PASSWORD = "demo"
VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "360": {"width": 360, "height": 740}}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_environment(workdir: Path, port: int) -> dict[str, str]:
    """The settings `make run` writes to var/.env, pointing at a database of our own."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "LOS_TESTING"}}
    env.update(
        {
            "LOS_ENV_FILE": "",  # never the checkout's var/.env: a database of our own
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LOS_DEMO": "1",
            "LOS_ALLOW_SYNTHETIC_IDS": "1",
            "LOS_BASE_URL": f"http://127.0.0.1:{port}",
            "DATABASE_URL": f"sqlite:///{workdir / 'los.sqlite3'}",
            "PORT": str(port),
        }
    )
    return env


def los(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(LOS), *args], cwd=CHECKOUT, env=env, check=True)


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"los runserver stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"los runserver did not answer {url} within {seconds} s")


def take(base_url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for user in USERS:
                for suffix, viewport in VIEWPORTS.items():
                    context = browser.new_context(viewport=viewport, locale="nb-NO")
                    page = context.new_page()
                    page.goto(base_url + "/logg-inn/")
                    page.get_by_label("Brukernavn").fill(user)
                    page.get_by_label("Passord").fill(PASSWORD)
                    with page.expect_navigation():
                        page.get_by_role("button", name="Logg inn").click()
                    page.wait_for_load_state("networkidle")
                    page.evaluate("document.fonts.ready.then(() => true)")
                    if "/logg-inn/" in page.url:
                        raise SystemExit(f"{user} could not log in")
                    path = HERE / f"{user}-{suffix}.png"
                    page.screenshot(path=str(path))
                    saved.append(path)
                    print(f"{path.relative_to(CHECKOUT)}  {page.url.removeprefix(base_url)}", flush=True)
                    context.close()
        finally:
            browser.close()
    return saved


def main() -> None:
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    workdir = Path(tempfile.mkdtemp(prefix="los-screenshots-"))
    port = free_port()
    env = demo_environment(workdir, port)
    server = None
    try:
        los("migrate", "--noinput", "--verbosity", "0", env=env)
        los("seed", "--families", "40", "--seed", "1", env=env)
        server = subprocess.Popen(
            [str(LOS), "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=CHECKOUT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, ended below and nothing else
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_until_up(base_url + "/logg-inn/", server)
        saved = take(base_url)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)
    for path in saved:
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
