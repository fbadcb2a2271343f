import logging

from allauth.account.adapter import DefaultAccountAdapter

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account mail goes out at once; if the mail server is down it waits in the outbox instead
        of failing the sign-up or password reset."""
        message = self.render_mail(template_prefix, email, context)
        try:
            message.send()
        except Exception:
            from notifications.services import email_queue_message

            logger.warning("Mail server unavailable; %s to %s kept in the outbox", template_prefix, email)
            email_queue_message(message)

    def get_login_stages(self):
        # After email verification, staff enter their emailed code.
        return [*super().get_login_stages(), "users.two_factor.StaffCodeStage"]
