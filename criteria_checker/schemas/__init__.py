"""JSON Schemas the package ships (criteria, rules, reports, the XML format), and the code that
makes the criteria and rules schemas from the models."""
