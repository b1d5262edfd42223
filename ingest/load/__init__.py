"""Load: detect, parse, validate (Great Expectations) and load one file into its raw table, all or nothing
(`loader`, the load contract); zips opened member by member (`unzip`)."""
