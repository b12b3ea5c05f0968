"""One bilingual error base: every refusal the domain raises carries its message in
Italian and English, and pages show ``err.message(lang)``, never ``str(err)``."""

from __future__ import annotations


class BilingualError(Exception):
    """An error with a message in Italian and English; ``str()`` gives both."""

    def __init__(self, message_it: str, message_en: str):
        super().__init__(f"{message_it} / {message_en}")
        self.message_it = message_it
        self.message_en = message_en

    def message(self, lang: str = "it") -> str:
        from tavolo.i18n import pick

        return pick(lang, self.message_it, self.message_en)

    def bilingual(self) -> str:
        """Both messages on two lines, as the command line prints them."""
        return f"{self.message_it}\n{self.message_en}"
