import pytest
from django.core.management import CommandError, call_command

from vidhuk.core.models import Centre


@pytest.mark.parametrize(
    ("command", "args"), [("seed_demo", []), ("demo_otp", ["demo-head"])], ids=["seed", "otp"]
)
def test_demo_commands_refuse_to_run_in_production(db, settings, command, args):
    settings.IS_PRODUCTION = True

    with pytest.raises(CommandError, match="refused in production"):
        call_command(command, *args)

    assert Centre.objects.count() == 0
