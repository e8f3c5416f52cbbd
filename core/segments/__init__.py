"""Segments: rules over the customer model, their SQL, ready-made and saved segments, and results.

- `rules`: the one JSON form of a segment's conditions, its validation and its SQL fragment;
- `ready`: segments from the domain every workspace starts with;
- `saved`: named segments kept in `<workspace>/meta/segments.json`;
- `results`: what the segment builder shows (size, revenue, composition, distributions, sample).
"""
