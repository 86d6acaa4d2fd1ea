"""Resubmissions: what changed between two versions of a specification (``diff``)."""
