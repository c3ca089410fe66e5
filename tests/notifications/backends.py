"""Mail servers for the outbox tests: one that is down, one that refuses an address, and one that
"dies" (a BaseException, as a kill) just before or just after it accepted the n-th e-mail."""

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

#: Message-IDs the dying server accepted, in order (the test clears it).
ACCEPTED: list[str] = []
DIE_AT = {"n": 0, "after_accepting": True}


class Killed(BaseException):
    """The worker process is gone: nothing after this line of the worker runs."""


class DownBackend(BaseEmailBackend):
    def open(self):
        raise smtplib.SMTPConnectError(421, "Service not available")

    def send_messages(self, email_messages):
        self.open()


class RefusesOneAddress(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            if "nei@example.invalid" in message.to:
                raise smtplib.SMTPRecipientsRefused({"nei@example.invalid": (550, "No such user")})
        mail.outbox.extend(email_messages)
        return len(email_messages)


class DyingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            last = len(ACCEPTED) + 1 == DIE_AT["n"]
            if last and not DIE_AT["after_accepting"]:
                raise Killed
            ACCEPTED.append(message.message()["Message-ID"])
            if last:
                raise Killed
        return len(email_messages)
