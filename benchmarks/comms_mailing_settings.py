"""Settings of the mailing benchmark's workers: production settings plus a short stale-claim
time, so a worker restarted after SIGKILL takes back the dead worker's claims within seconds."""

import os

from config.settings import *  # noqa: F403

COMMS_MAILING_STALE_SECONDS = float(os.environ.get("COMMS_MAILING_STALE_SECONDS", "3"))
COMMS_MAIL_RATE_PER_MINUTE = int(os.environ.get("COMMS_MAIL_RATE_PER_MINUTE", "100000"))
COMMS_MAIL_DOMAIN = "127.0.0.1"
