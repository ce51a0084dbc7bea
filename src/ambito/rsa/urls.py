"""Liste d'attesa RSA under /rsa/."""

app_name = "rsa"

urlpatterns: list = []
