"""The benchmark (`make bench`): Resonance against DuckDB's own ceiling and a peer loader, on realistic volume.

`volume` writes deterministic exports in the platforms' own formats, `stages` holds each measured step (each
runs in a child process of its own, so memory and imports of one never colour another), `run` drives them on
the same files and `report` renders `BENCHMARKS.md` with the issue's targets beside each figure.
"""
