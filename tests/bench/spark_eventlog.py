"""What each build step cost Spark, read from the application's event log (`spark.eventLog.enabled=true`).

The build tags each step's jobs (core/engines/spark.py: `STEP_TAG` + the step's name, which Spark Connect
carries in the job's `spark.job.tags` property); a job's stages are the step's. Per step: the stages and tasks
run, the bytes read from files and from other tasks' shuffle output, written to shuffle and to the output files,
the tasks' summed run time, and the stages that ran in a single task (a window over every row without a
partition, or a global sort's last step) with their longest time.

Run by hand on an event log folder: python tests/bench/spark_eventlog.py DIR
"""
from __future__ import annotations

import io
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.engines.spark import STEP_TAG  # noqa: E402

_TAG = re.compile(re.escape(STEP_TAG) + r"([A-Za-z0-9_]+)")


@dataclass
class StepCost:
    """Spark's work for one build step, summed over its completed stages."""

    stages: int = 0
    tasks: int = 0
    input_bytes: int = 0
    shuffle_read_bytes: int = 0
    shuffle_write_bytes: int = 0
    output_bytes: int = 0
    task_seconds: float = 0.0
    single_task_stages: int = 0
    single_task_seconds: float = 0.0  # the stages of one task: their wall time, summed
    partitions: list[int] = field(default_factory=list)  # tasks of each stage, in order


def _lines(path: Path) -> Any:
    """The event log file's text lines (Spark 4 writes zstd-compressed files unless `spark.eventLog.compress`
    is false)."""
    if path.suffix == ".zstd":
        import zstandard

        raw = path.open("rb")
        return io.TextIOWrapper(zstandard.ZstdDecompressor().stream_reader(raw, closefd=True), encoding="utf-8",
                                errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def _metric(stage: dict, name: str) -> int:
    return sum(int(a.get("Value") or 0) for a in stage.get("Accumulables", ()) if a.get("Name") == name)


def read(folder: Path) -> dict[str, StepCost]:
    """The cost of each tagged step in every event log file of `folder` (finished or in progress)."""
    stage_step: dict[tuple[str, int], str] = {}
    costs: dict[str, StepCost] = defaultdict(StepCost)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name.startswith(("events", "app-", "local-"))):
        app = path.parent.name if path.name.startswith("events") else path.name  # a rolling log's files: one app
        with _lines(path) as handle:
            for line in handle:
                if '"SparkListenerJobStart"' in line:
                    event = json.loads(line)
                    tags = (event.get("Properties") or {}).get("spark.job.tags", "")
                    found = _TAG.search(tags)
                    if found:
                        for stage_id in event.get("Stage IDs", ()):
                            stage_step[(app, stage_id)] = found.group(1)
                elif '"SparkListenerStageCompleted"' in line:
                    info = json.loads(line)["Stage Info"]
                    step = stage_step.get((app, info["Stage ID"]))
                    if step is None or "Failure Reason" in info:
                        continue
                    cost = costs[step]
                    tasks = int(info["Number of Tasks"])
                    cost.stages += 1
                    cost.tasks += tasks
                    cost.partitions.append(tasks)
                    cost.input_bytes += _metric(info, "internal.metrics.input.bytesRead")
                    cost.shuffle_read_bytes += (_metric(info, "internal.metrics.shuffle.read.remoteBytesRead")
                                                + _metric(info, "internal.metrics.shuffle.read.localBytesRead"))
                    cost.shuffle_write_bytes += _metric(info, "internal.metrics.shuffle.write.bytesWritten")
                    cost.output_bytes += _metric(info, "internal.metrics.output.bytesWritten")
                    cost.task_seconds += _metric(info, "internal.metrics.executorRunTime") / 1000
                    if tasks == 1:
                        cost.single_task_stages += 1
                        cost.single_task_seconds += (info["Completion Time"] - info["Submission Time"]) / 1000
    return dict(costs)


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def report(costs: dict[str, StepCost]) -> list[str]:
    """One line per step."""
    return [f"  {step}: {c.stages} stages, {c.tasks} tasks (per stage {'/'.join(map(str, c.partitions))}); "
            f"read {_mb(c.input_bytes)}, shuffle read {_mb(c.shuffle_read_bytes)}, "
            f"shuffle write {_mb(c.shuffle_write_bytes)}, written {_mb(c.output_bytes)}; "
            f"task time {c.task_seconds:.1f} s; {c.single_task_stages} single-task stages, "
            f"{c.single_task_seconds:.1f} s" for step, c in costs.items()]


if __name__ == "__main__":
    print("\n".join(report(read(Path(sys.argv[1])))))
