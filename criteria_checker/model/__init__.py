"""pydantic models: criteria sets, qualification specifications, reports."""
