"""Reviewer batch validation: which files (inputs), running them (run, pool), the summary."""
