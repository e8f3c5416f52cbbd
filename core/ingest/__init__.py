"""Uploading real exports (CSV, Excel, Parquet): reading, parsing, column mapping, validation, publishing."""

# Where an upload's records live in the workspace's meta folder: meta/<UPLOADS_DIR>/<upload id>/<REJECTED_FILE>
# holds its rejected rows (for the download; an erasure scrubs them, core/erasure.py).
UPLOADS_DIR = "uploads"
REJECTED_FILE = "rejected.parquet"
