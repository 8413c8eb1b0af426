"""Rate limits per client (stories, withdrawals, failed logins) that never store an IP address.

Two stores with one interface (``hit``, ``is_limited``, ``tracked_clients``): :mod:`.memory` for one server
process, :mod:`.shared` for several worker processes of one server (``vertelpunt serve --workers N``), so a
limit holds for the whole server and not once per worker. :mod:`.registry` builds them from the settings.
"""
