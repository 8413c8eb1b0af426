"""Staff accounts: login, logout, password hashing and role checks."""
