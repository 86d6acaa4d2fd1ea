"""Reading Word .docx specifications: the container, the body as blocks, and
the recognisers that find key facts, unit lists, unit sections, outcome and
criteria grids and mapping grids in them (see :mod:`.layout`)."""
