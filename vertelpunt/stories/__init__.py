"""Stories: validation of answers, saving in one transaction, CSV export and import."""
