"""Time the answer to a wrong password for a known name and for an unknown one, side by side with the
previous dummy hash (bcrypt cost 4 for unknown names), to show that the time no longer tells whether an
account exists.

    python tests/bench/bench_login_timing.py [--tries 15]

Prints the median and spread of each, with production's cost (users.BCRYPT_ROUNDS = 12).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bcrypt

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core import users  # noqa: E402
from core.access import Viewer  # noqa: E402


def _time(check, tries: int) -> list[float]:
    out = []
    for _ in range(tries):
        start = time.perf_counter()
        check()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _line(name: str, ms: list[float]) -> str:
    return f"{name:<44} median {statistics.median(ms):7.1f} ms   min {min(ms):7.1f}   max {max(ms):7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ws = type("Meta", (), {"meta_dir": Path(folder)})()
        users.add(ws, Viewer("bench", "admin"), "anna", "analyst", password="the-right-password")
        # Each name gets a fresh counter (a locked name is answered without checking a password).
        counter = iter(range(10**6))

        def known() -> None:
            users._attempts(ws).update(lambda _: {})
            users.check_login(ws, "anna", "a-wrong-password")

        def unknown() -> None:
            users.check_login(ws, f"nobody{next(counter)}", "a-wrong-password")

        old_dummy = bcrypt.hashpw(b"no such user", bcrypt.gensalt(4))
        real = users.get(ws, "anna").password_hash.encode()
        print(f"load average: {os.getloadavg()[0]:.2f}; bcrypt cost of the accounts: {real[4:6].decode()}, "
              f"of the dummy hash now: {users.dummy_hash()[4:6].decode()}")
        print(_line("check_login, known name, wrong password", _time(known, args.tries)))
        print(_line("check_login, unknown name (now)", _time(unknown, args.tries)))
        print(_line("the previous dummy hash (cost 4) alone", _time(lambda: bcrypt.checkpw(b"x", old_dummy), args.tries)))
        print(_line("a cost-12 hash alone", _time(lambda: bcrypt.checkpw(b"x", real), args.tries)))


if __name__ == "__main__":
    main()
