"""Serve: publish the marts for readers (`publish`: serving.duckdb and Parquet), the summary a person reads
(`report`), and values written out for people (`output`: spreadsheet-safe CSV, the exports table)."""
