from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts import staff_pass
        from accounts.last_login import record_sign_in_day

        # Django's own receiver stores the moment of every sign-in; ours stores its day (issue 15).
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(record_sign_in_day, dispatch_uid="chorus_last_login_day")
        staff_pass.connect()
