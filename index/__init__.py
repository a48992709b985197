"""Knowledge: from content files to ranked, citable passages."""
