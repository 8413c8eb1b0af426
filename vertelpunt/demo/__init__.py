"""Demo data: a pure generator of synthetic stories (:mod:`.generator`, :mod:`.fragments`) and the
loader that stores them as the demo project (:mod:`.load`, needs the app and database)."""
