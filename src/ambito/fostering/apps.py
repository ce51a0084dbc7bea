from django.apps import AppConfig


class FosteringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.fostering"
    label = "fostering"
    verbose_name = "Affido familiare"
