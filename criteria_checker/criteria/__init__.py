"""Criteria sets: load and lint criteria files, their cross-field checks, render and export."""
