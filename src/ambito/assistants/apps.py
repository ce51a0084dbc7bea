from django.apps import AppConfig


class AssistantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.assistants"
    label = "assistants"
    verbose_name = "Registro degli assistenti familiari"
