from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self):
        # After email verification, staff enter their emailed code.
        return [*super().get_login_stages(), "users.two_factor.StaffCodeStage"]
