from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "ambito.territory"
    label = "territory"
    verbose_name = "Territorio"
