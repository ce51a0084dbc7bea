from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ambito.demo"
    label = "demo"
    verbose_name = "Dati dimostrativi"
