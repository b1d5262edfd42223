"""Pull: fetch each configured account's numbers from the platforms' APIs into landing.

A pull never writes to the warehouse. It writes each response page, or downloaded report, into landing as
a complete file in the shape an API export type already parses, and the load contract (ledger, Great
Expectations, quarantine, duplicates, newer wins) takes it from there, exactly as for a file a person
dropped. `client` is the HTTP side (retries, throttles, redaction), `windows` which days to ask for,
`state` the cursors, `accounts` the Airflow connections, `run` the loop, `platforms` one module each.
"""
