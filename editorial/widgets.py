"""Admin widgets that every content admin shares."""

from django.contrib.admin.widgets import AdminSplitDateTime


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each named for screen readers.

    Django writes "Date:" and "Time:" as plain text beside the two boxes, so neither has a
    label a screen reader can announce (axe: `label`); each box gets its own accessible name.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        date, time = context["widget"]["subwidgets"]
        date["attrs"]["aria-label"] = f"{str(context['date_label']).rstrip(':')} (YYYY-MM-DD)"
        time["attrs"]["aria-label"] = f"{str(context['time_label']).rstrip(':')} (HH:MM:SS)"
        return context
