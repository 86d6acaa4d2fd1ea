"""Web pages read as Word reads them: HTML, XHTML and MHT (single-file web page) archives.

A specification reaches us as a web page in two ways: saved as one ("Web
Page" or "Single File Web Page" from Word, an export from a course builder
or content system), or wrapped in a .docx by a web export that embeds the
page whole (``w:altChunk``) for Word to convert when it opens the file.
Both are turned into the WordprocessingML Word would make of them
(:mod:`.wordml`), so the DOCX reader's walk and layout recognition read
them as they read any document; :mod:`.page` finds and decodes the page.
"""
