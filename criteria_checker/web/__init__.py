"""The web page and HTTP API of ``criteria-checker serve`` (needs the ``web`` extra).

:func:`criteria_checker.web.app.create_app` builds the FastAPI application from
:class:`criteria_checker.web.settings.WebSettings`. Nothing here is imported by
the other commands, so ``criteria-checker check`` never loads FastAPI.
"""
