"""The public changelog: every change to published content, in words, newest first.

Built from the history django-simple-history keeps of every model (`services`), read by
`/changes/`, its Atom feed and CSV file, and each entry's own history page (`views`).
"""
