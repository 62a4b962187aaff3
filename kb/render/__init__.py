"""Render: every file of the site (`site.build_site`), pages made from escaping templates."""
