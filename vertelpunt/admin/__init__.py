"""Administration in the browser (/beheer/projecten, /beheer/accounts, /beheer/vragensets): the same services
as the CLI's commands, behind admin-only pages. Routes only read the form and hand it to a service."""
