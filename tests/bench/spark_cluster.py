"""A Spark standalone cluster on this machine: a master, workers, and a Spark Connect server in front.

Started from the scripts and jars of the pyspark package (`bin/spark-class` for the master and the workers,
`sbin/start-connect-server.sh --wait` for the Connect server), each a child process of ours, stopped by its
own id. Used by the cluster test (tests/core/engines/test_spark_cluster.py) and the build benchmark.

Run by hand: python tests/bench/spark_cluster.py [--workers 2] [--worker-memory 2g]  (Ctrl-C stops it).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

START_TIMEOUT_SECONDS = 120


def spark_home() -> Path:
    """The Spark distribution inside the pyspark package."""
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}; see {log}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.5)
    raise RuntimeError(f"nothing listens on port {port} after {START_TIMEOUT_SECONDS} s; see {log}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def standalone(workers: int = 2, cores: int = 1, worker_memory: str = "1g", executor_memory: str = "768m",
               driver_memory: str = "1g", workdir: Path | None = None,
               conf: dict[str, str] | None = None) -> Iterator[str]:
    """Start the cluster; yield the Spark Connect address (`sc://localhost:<port>`); stop it all on exit.
    `conf`: more settings of the Connect server's application (an event log, say)."""
    home = spark_home()
    with contextlib.ExitStack() as stack:
        root = workdir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kb-spark-")))
        logs = root / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOG_DIR": str(logs), "SPARK_PID_DIR": str(root),
               "SPARK_LOCAL_DIRS": str(root / "local"), "SPARK_LOCAL_IP": "127.0.0.1", "SPARK_NO_DAEMONIZE": "1"}
        env.pop("SPARK_REMOTE", None)
        env.pop("SPARK_CONNECT_MODE_ENABLED", None)
        processes: list[subprocess.Popen] = []

        def start(name: str, command: list[str], port: int) -> None:
            log = logs / f"{name}.log"
            out = stack.enter_context(log.open("wb"))
            process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=root,
                                       start_new_session=True)
            processes.append(process)
            _wait_for_port(port, process, log)

        try:
            master_port = free_port()
            master = f"spark://127.0.0.1:{master_port}"
            start("master", [str(home / "bin" / "spark-class"), "org.apache.spark.deploy.master.Master",
                             "--host", "127.0.0.1", "--port", str(master_port), "--webui-port", str(free_port())],
                  master_port)
            for n in range(workers):
                port = free_port()
                start(f"worker-{n}", [str(home / "bin" / "spark-class"), "org.apache.spark.deploy.worker.Worker",
                                      "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(free_port()),
                                      "--cores", str(cores), "--memory", worker_memory,
                                      "--work-dir", str(root / f"work-{n}"), master], port)
            connect_port = free_port()
            start("connect", [str(home / "sbin" / "start-connect-server.sh"), "--wait", "--master", master,
                              "--driver-memory", driver_memory,
                              "--conf", f"spark.connect.grpc.binding.port={connect_port}",
                              "--conf", f"spark.executor.memory={executor_memory}",
                              "--conf", f"spark.executor.cores={cores}",
                              "--conf", f"spark.cores.max={workers * cores}",
                              "--conf", f"spark.sql.shuffle.partitions={max(2 * workers * cores, 4)}",
                              "--conf", "spark.ui.enabled=false",
                              *[part for key, value in (conf or {}).items()
                                for part in ("--conf", f"{key}={value}")]], connect_port)
            # localhost, not 127.0.0.1: the Connect client speaks plain gRPC (no TLS) only to a host named localhost
            yield f"sc://localhost:{connect_port}"
        finally:
            for process in reversed(processes):
                _stop(process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cores", type=int, default=1, help="cores per worker")
    parser.add_argument("--worker-memory", default="2g")
    parser.add_argument("--executor-memory", default="1536m")
    args = parser.parse_args()
    with standalone(args.workers, args.cores, args.worker_memory, args.executor_memory) as address:
        print(f"Spark Connect: {address}  (KB_SPARK_REMOTE={address}); Ctrl-C stops the cluster", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
