from django.apps import AppConfig


class DistrictConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.district"
    label = "district"
    verbose_name = "Servizi distrettuali"
