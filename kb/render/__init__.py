"""Render: the site's pages as ready HTML, from the linked graph."""
