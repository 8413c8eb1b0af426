"""Pure statistics for Vertelpunt: answer tables, shape statistics and the FDR-controlled pattern scan.

Never imports flask, sqlalchemy or vertelpunt: it takes plain data and returns frozen dataclasses, so it
can run on an exported CSV without a database and be tested against scipy directly.
"""
