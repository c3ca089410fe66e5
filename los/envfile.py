"""The checkout's own settings file, `var/.env`: what `make run` serves with, so `los` works the same there.

`make run` writes it (`python -m los.envfile var/.env --port 8000`): a secret key made once and kept, demo
mode, the address links in e-mails point to (with the port actually served) and the SQLite database under
var/. `los.settings` reads it when it exists; a variable set in the environment always wins. A production
installation has no such file and sets its variables in the environment.

A few lines instead of a library: one `KEY=value` per line, `#` comments, optional quotes round the value.
"""

import argparse
import secrets
import sys
from pathlib import Path


def read_env_file(path: Path) -> dict[str, str]:
    """The variables in an env file; an absent file has none."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if key:
            values[key] = value
    return values


def write_demo_env(path: Path, port: int, host: str = "127.0.0.1") -> dict[str, str]:
    """Write the demo checkout's env file: keep its secret key and other lines, set the served address."""
    path = Path(path)
    values = read_env_file(path)
    values.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    values["LOS_DEMO"] = "1"
    values["LOS_ALLOW_SYNTHETIC_IDS"] = "1"
    values["LOS_BASE_URL"] = f"http://{host}:{port}"
    values.setdefault("DATABASE_URL", f"sqlite:///{(path.parent / 'los.sqlite3').resolve()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Written by `make run` for this checkout (demo mode). The environment overrides each line."]
    lines += [f"{key}={value}" for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return values


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the checkout's var/.env for `make run`.")
    parser.add_argument("path", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    write_demo_env(args.path, args.port, args.host)


if __name__ == "__main__":
    main(sys.argv[1:])
