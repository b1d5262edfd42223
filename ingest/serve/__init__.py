"""Serve: publish the marts for readers (`publish`: serving.duckdb and Parquet), the summary a person reads
(`report`), the HTML report (`html_report`: the page, from `report_figures`' figures and `svg`'s charts), and
values written out for people (`output`: spreadsheet-safe CSV, the exports table)."""
