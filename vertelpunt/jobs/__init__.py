"""Long work in the background: decks and reports are made by a worker (``vertelpunt worker``), not inside
the request that asks for them, which gets a progress page (/beheer/taken/<id>) instead."""
