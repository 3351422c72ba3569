"""Values every public page shows, such as when the data last changed."""


def site(request):
    return {}
