"""The kit every public page is built from: numbered references, draft previews, filtered and
paged lists with removable chips, and the template tags for citations, Markdown and hand-written
form fields.

Generic: it imports no app of the project, so companies, timeline and the site-wide pages can
all build on it.
"""
