"""One module per flow; each holds the sync and the async resource class."""
