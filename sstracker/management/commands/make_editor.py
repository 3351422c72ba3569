"""Give a user the Editors role: staff access to the admin, without managing users."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

EDITORS = "Editors"


class Command(BaseCommand):
    help = (
        "Make USERNAME an editor. With --create, create the user first and ask for a password "
        "(or read it from the SSTRACKER_EDITOR_PASSWORD environment variable)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--create", action="store_true", help="Create the user if missing.")
        parser.add_argument("--email", default="", help="E-mail address for a new user.")

    def handle(self, *args, username, create, email, **options):
        User = get_user_model()
        try:
            group = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist as error:
            raise CommandError("The Editors group is missing: run `manage.py migrate`.") from error
        user = User.objects.filter(username=username).first()
        if user is None:
            if not create:
                raise CommandError(f'No user "{username}". Add --create to create one.')
            user = User(username=username, email=email)
            user.set_password(self.ask_password(user))
        user.is_staff = True
        user.save()
        user.groups.add(group)
        self.stdout.write(f'"{username}" is an editor. Log in at /admin/.')

    def ask_password(self, user) -> str:
        password = os.environ.get("SSTRACKER_EDITOR_PASSWORD")
        interactive = password is None
        while True:
            if interactive:
                password = getpass.getpass("Password: ")
                if password != getpass.getpass("Password (again): "):
                    self.stderr.write("The passwords differ. Try again.")
                    continue
            try:
                validate_password(password, user)
                return password
            except ValidationError as error:
                if not interactive:
                    raise CommandError(" ".join(error.messages)) from error
                self.stderr.write(" ".join(error.messages))
