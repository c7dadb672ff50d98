"""Print the current second-factor code of a demo account (demo accounts only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .seed_demo import demo_totp_key


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo staff account (demo-…)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if settings.IS_PRODUCTION:
            raise CommandError(
                "Demo data has published passwords and second-factor keys: "
                "it is refused in production (VIDHUK_ENV=production)."
            )
        if not username.startswith("demo-"):
            raise CommandError("Only demo accounts (demo-…) have a known second factor.")
        device = TOTPDevice.objects.filter(user__username=username, name="demo").first()
        if device is None or device.key != demo_totp_key(username):
            raise CommandError(f"No demo second factor for {username}; run seed_demo first.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
