from django.db import models


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", "Bozza"
    PUBLISHED = "published", "Pubblicato"
    WITHDRAWN = "withdrawn", "Ritirato"
