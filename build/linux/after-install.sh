#!/bin/sh
# Installs Tillid's udev rules so scanners (hidraw, ttyACM) are usable without root, then reloads udev.
set -e
RULES="/opt/Tillid/resources/udev/70-tillid-scanners.rules"
if [ -f "$RULES" ]; then
  install -m 0644 "$RULES" /etc/udev/rules.d/70-tillid-scanners.rules
  udevadm control --reload-rules >/dev/null 2>&1 || true
  udevadm trigger >/dev/null 2>&1 || true
fi
