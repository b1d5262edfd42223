"""Transform: the dbt build over the writer's file (`dbt`), the plan of what a build must run (`plan`), and the
check that the project's SQL stays portable to Spark and Trino (`portable`, over a compile `dispatch_marks` marks)."""
