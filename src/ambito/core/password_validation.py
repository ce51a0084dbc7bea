"""Password rules whose messages Django does not translate.

Django 5.2 changed the msgid of MinimumLengthValidator's error ("... at least %d characters.")
and its Italian catalog still translates the old one ("%(min_length)d"), so the refusal came out
in English on the password change page. The rule is Django's; only the words are ours."""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        if self.min_length == 1:
            return "Questa password è troppo corta: deve contenere almeno 1 carattere."
        return f"Questa password è troppo corta: deve contenere almeno {self.min_length} caratteri."
