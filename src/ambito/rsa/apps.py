from django.apps import AppConfig


class RsaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.rsa"
    label = "rsa"
    verbose_name = "Liste d'attesa RSA"
