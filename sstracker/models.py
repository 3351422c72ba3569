"""Citable releases: the published data frozen as one zip file, byte for byte.

A release is written once (`sstracker.releases.release_publish`) and never changed: its
bytes are stored here, so every download of `/data/releases/<name>/` is the same file, and
the checksum printed on `/data/` identifies it.
"""

from django.core.validators import validate_slug
from django.db import models
from django.urls import reverse

RELEASE_NAME_MAX_LENGTH = 50


class ReleaseImmutableError(Exception):
    """A release was saved a second time: releases never change once published."""


class ReleaseQuerySet(models.QuerySet):
    def listed(self):
        """Every release, newest first, without the bytes of their archives."""
        return self.defer("archive").order_by("-created", "-pk")


class Release(models.Model):
    name = models.CharField(
        max_length=RELEASE_NAME_MAX_LENGTH,
        unique=True,
        validators=[validate_slug],
        help_text="Letters, digits, hyphens and underscores, e.g. 2026-12. It is part of the "
        "download address and of the citation, and cannot change.",
    )
    created = models.DateTimeField(help_text="When the release was published.")
    data_as_of = models.DateTimeField(
        null=True, blank=True, help_text="When the published content it holds last changed."
    )
    archive = models.BinaryField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    size = models.PositiveBigIntegerField(editable=False, help_text="Bytes.")
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The release before it: its changelog starts there.",
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReleaseImmutableError(f"Release {self.name} is published and cannot change.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("data-release", kwargs={"name": self.name})

    @property
    def filename(self) -> str:
        return f"sstracker-{self.name}.zip"
