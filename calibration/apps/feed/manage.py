#!/usr/bin/env python3
"""Django's manage.py for the feed app (run with /usr/bin/python3: Debian's Django 3.2)."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "feedsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
