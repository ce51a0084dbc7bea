from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, using="default", **kwargs):
    # Groups need every app's permissions; post_migrate may reach us before some app's
    # own permissions are created, so make sure they exist first.
    from django.contrib.auth.management import create_permissions

    from .roles import roles_sync

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


class CoreConfig(AppConfig):
    name = "ambito.core"
    label = "core"
    verbose_name = "Sistema"

    def ready(self):
        post_migrate.connect(_sync_roles, sender=self)
        from .backends import connect_invalidation

        connect_invalidation(self.get_model("User"))
