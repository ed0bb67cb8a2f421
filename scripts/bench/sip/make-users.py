#!/usr/bin/env python3
"""Writes a SIPp injection file of ephemeral credentials (auth_ephemeral username_format 1, HMAC-SHA1):
fields <expiry>:<user>;<user>;[authentication username=<expiry>:<user> password=...];<expires> (SIPp expands
field 2 into the Authorization header; a [field] inside [authentication] is not expanded), password = base64(HMAC-SHA1(secret, username)).
Usage: make-users.py SECRET COUNT EXPIRES [FIRST=0] > users.csv (the expiry is one day from now)."""
import base64, hashlib, hmac, sys, time

secret, count, expires = sys.argv[1].encode(), int(sys.argv[2]), sys.argv[3]
first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
expiry = int(time.time()) + 86400
out = ["SEQUENTIAL"]
i = first
while len(out) <= count:
    user = f"user{i}"
    i += 1
    username = f"{expiry}:{user}"
    password = base64.b64encode(hmac.new(secret, username.encode(), hashlib.sha1).digest()).decode()
    if password.startswith("0x"):
        continue  # SIPp reads a password starting with 0x as hex: skip the 1 in 4096 users it would fail
    out.append(f"{username};{user};[authentication username={username} password={password}];{expires}")
sys.stdout.write("\n".join(out) + "\n")
