"""Template tags for stories and the site's pages (site_tags), renditions and people's names."""
