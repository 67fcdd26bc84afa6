"""One module per page's domain view (a new page: a module here and a file in pages/)."""
