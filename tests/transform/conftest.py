"""`new_platform/` holds the files of a made-up platform that `test_adding_a_platform.py` adds to a copy of
the project; its test module runs there, never in this suite."""

collect_ignore = ["new_platform"]
