"""Duidingssessies: planning by facilitators, joining and notes by participants, and the facilitator board.

Services (planning, codes, participants, notes, board, votes) hold the rules and raise Dutch errors;
the routes_* modules are thin views.
"""
