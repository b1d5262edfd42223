"""Transform: the dbt build over the writer's file (`dbt`), and the plan of what a build must run (`plan`)."""
