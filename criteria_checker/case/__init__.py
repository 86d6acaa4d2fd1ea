"""The criteria as a CASE 1.0 competency framework (1EdTech Competencies and
Academic Standards Exchange), and CASE frameworks read back as criteria files.

``ids`` (identifiers and URIs) is cheap to import and used by the reporters;
``export`` and ``import_`` are loaded only by the commands that need them.
The mapping is documented in docs/case.md.
"""
