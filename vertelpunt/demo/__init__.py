"""Demo data: a pure generator of synthetic stories (:mod:`.generator`, its texts from :mod:`.texts`,
:mod:`.fragments` and :mod:`.answer_fragments`) and the
loader that stores them as the demo project (:mod:`.load`, needs the app and database)."""
