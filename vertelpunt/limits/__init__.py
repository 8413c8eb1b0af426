"""Rate limits per client (stories, withdrawals, failed logins) on Flask-Limiter, never keyed by an address.

Counts live in Flask-Limiter's storage (the ``limits`` package), chosen by ``RATELIMIT_STORAGE_URI``:
``redis://...`` where several processes or machines serve the app, so a limit holds for the whole
installation; the in-process ``memory://`` store only where one process serves (``vertelpunt serve`` picks
one worker then). Keys are keyed hashes of the client's address (:mod:`.keys`), so neither the store nor
its backups ever hold an address. :mod:`.registry` names the limits and builds them from the settings.
"""
