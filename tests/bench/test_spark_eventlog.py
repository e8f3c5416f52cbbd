"""The event-log reading of the Spark build benchmark: each tagged step's stages, tasks and bytes, summed."""
from __future__ import annotations

import json
from pathlib import Path

from tests.bench import spark_eventlog


def _stage(stage_id: int, tasks: int, started: int, ended: int, **metrics: int) -> dict:
    names = {"shuffle_write": "internal.metrics.shuffle.write.bytesWritten",
             "remote_read": "internal.metrics.shuffle.read.remoteBytesRead",
             "local_read": "internal.metrics.shuffle.read.localBytesRead",
             "input": "internal.metrics.input.bytesRead", "output": "internal.metrics.output.bytesWritten",
             "run_ms": "internal.metrics.executorRunTime"}
    return {"Event": "SparkListenerStageCompleted", "Stage Info": {
        "Stage ID": stage_id, "Stage Attempt ID": 0, "Number of Tasks": tasks, "Submission Time": started,
        "Completion Time": ended,
        "Accumulables": [{"ID": i, "Name": names[k], "Value": v} for i, (k, v) in enumerate(metrics.items())]}}


def test_each_tagged_steps_stages_are_summed_and_untagged_jobs_left_out(tmp_path: Path) -> None:
    tag = "SparkConnect_OperationTag_User_u_Session_s_Tag_"
    events = [
        {"Event": "SparkListenerJobStart", "Job ID": 0, "Stage IDs": [0, 1],
         "Properties": {"spark.job.tags": f"SparkConnect_Op_1,{tag}kb-step-customer_activity"}},
        {"Event": "SparkListenerJobStart", "Job ID": 1, "Stage IDs": [2],
         "Properties": {"spark.job.tags": "SparkConnect_Op_2"}},  # the build's other work: not a step
        {"Event": "SparkListenerJobStart", "Job ID": 2, "Stage IDs": [3],
         "Properties": {"spark.job.tags": f"{tag}kb-step-contact_events"}},
        _stage(0, 4, 1_000, 3_000, input=4_000_000, shuffle_write=1_500_000, run_ms=6_000),
        # the window over every buyer: one task
        _stage(1, 1, 3_000, 7_500, remote_read=500_000, local_read=1_000_000, output=800_000, run_ms=4_400),
        _stage(2, 8, 0, 100, input=9_999),
        _stage(3, 2, 8_000, 8_400, input=1_000, output=10, run_ms=700),
    ]
    (tmp_path / "app-1").write_text("\n".join(json.dumps(e) for e in events) + "\n", encoding="utf-8")
    costs = spark_eventlog.read(tmp_path)
    assert set(costs) == {"customer_activity", "contact_events"}
    activity = costs["customer_activity"]
    assert (activity.stages, activity.tasks, activity.partitions) == (2, 5, [4, 1])
    assert (activity.input_bytes, activity.shuffle_write_bytes, activity.shuffle_read_bytes,
            activity.output_bytes) == (4_000_000, 1_500_000, 1_500_000, 800_000)
    assert activity.task_seconds == 10.4
    assert (activity.single_task_stages, activity.single_task_seconds) == (1, 4.5)
    events_cost = costs["contact_events"]
    assert (events_cost.stages, events_cost.tasks, events_cost.single_task_stages) == (1, 2, 0)
    line = spark_eventlog.report({"customer_activity": activity})[0]
    assert "2 stages, 5 tasks (per stage 4/1)" in line and "shuffle write 1.5 MB" in line
    assert "1 single-task stages, 4.5 s" in line


def test_a_rolling_zstd_log_as_spark_4_writes_it_is_read_alike(tmp_path: Path) -> None:
    import zstandard

    events = [{"Event": "SparkListenerJobStart", "Job ID": 0, "Stage IDs": [5],
               "Properties": {"spark.job.tags": "SparkConnect_SessionTag_User__Session_x_Tag_kb-step-customer_model"}},
              _stage(5, 3, 0, 2_000, shuffle_write=42, run_ms=1_500)]
    folder = tmp_path / "eventlog_v2_local-1"
    folder.mkdir()
    text = ("\n".join(json.dumps(e) for e in events) + "\n").encode()
    (folder / "events_1_local-1.zstd").write_bytes(zstandard.ZstdCompressor().compress(text))
    (folder / "appstatus_local-1").write_bytes(b"")
    costs = spark_eventlog.read(tmp_path)
    assert list(costs) == ["customer_model"]
    assert (costs["customer_model"].tasks, costs["customer_model"].shuffle_write_bytes,
            costs["customer_model"].task_seconds) == (3, 42, 1.5)
