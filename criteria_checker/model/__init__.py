"""The data the tool works on: criteria sets, qualification specifications, reports.

The models are frozen dataclasses, cheap to import and to build, so that a
check starts fast. What people write (criteria files, rules files, API input)
is validated against the same classes by :mod:`.validation`; it and
:mod:`.json_schemas` (the published schemas of the file formats) are the only
modules here that need pydantic.
"""
