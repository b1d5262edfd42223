"""Landing: where exports arrive (a local folder or a bucket prefix), how a complete file is told from one
still being written (`stores`), the watcher that announces new files to Airflow (`watcher`), and announcing
them from outside (`announce`)."""
