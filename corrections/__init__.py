"""Corrections from readers: the "Report an error" form, the editors' queue and the public
corrections log."""
