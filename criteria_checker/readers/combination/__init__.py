"""Rules of combination written as prose: sentences to credit rules, pathways
and barred combinations, and back (see :mod:`.prose`)."""
