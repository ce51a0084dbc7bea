from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ambito.catalog"
    label = "catalog"
    verbose_name = "Carta dei servizi"
