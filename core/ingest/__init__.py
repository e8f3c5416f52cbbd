"""Uploading real exports (CSV, Excel, Parquet): reading, parsing, column mapping, validation, publishing."""
