"""getAssertion round trips made by python-fido2's Ctap2 over UDP, for `npm run bench`.

Usage: python_fido2_get_assertion.py HOST PORT. It makes one non-resident ES256 credential, prints "ready", then for
each line "N" on stdin runs N getAssertion calls with that credential in its allowList and prints one JSON line with
the round-trip times in milliseconds and the process's CPU time for the batch in microseconds. Staying alive between batches lets the benchmark alternate with our client.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "interop"))

from fido2.ctap2 import Ctap2  # noqa: E402
from fido2.utils import sha256  # noqa: E402

from fido2_udp import open_device  # noqa: E402


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    ctap2 = Ctap2(open_device(host, port))
    client_data_hash = sha256(b"bench")
    attestation = ctap2.make_credential(
        client_data_hash,
        {"id": "bench.example", "name": "Bench"},
        {"id": b"python", "name": "python"},
        [{"type": "public-key", "alg": -7}],
    )
    allow_list = [{"type": "public-key", "id": attestation.auth_data.credential_data.credential_id}]
    print("ready", flush=True)
    for line in sys.stdin:
        count = int(line)
        times = []
        cpu_start = time.process_time()
        for _ in range(count):
            start = time.perf_counter()
            ctap2.get_assertion("bench.example", client_data_hash, allow_list)
            times.append((time.perf_counter() - start) * 1000)
        cpu = (time.process_time() - cpu_start) * 1e6
        print(json.dumps({"times": times, "cpuMicroseconds": cpu}), flush=True)


if __name__ == "__main__":
    main()
