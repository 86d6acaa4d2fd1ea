"""Writers: a QualificationSpec out to a file format, one module per format."""
