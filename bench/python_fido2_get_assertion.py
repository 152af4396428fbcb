"""getAssertion round trips made by python-fido2's Ctap2 over UDP, for `npm run bench`.

Usage: python_fido2_get_assertion.py HOST PORT. It makes one non-resident ES256 credential, prints "ready", then for
each line "N" on stdin runs N getAssertion calls with that credential in its allowList and prints one JSON line with
the round-trip times in milliseconds and the process's CPU time for the batch in microseconds. A line "replay N"
records one getAssertion's answer, then runs N getAssertion calls answered from memory with that answer (python-fido2's
CTAPHID framing and everything above it, no socket) and prints {"cpuMicroseconds": ...}: python-fido2's own CPU. Staying alive between batches lets the benchmark alternate with our client.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "interop"))

from fido2.ctap2 import Ctap2  # noqa: E402
from fido2.utils import sha256  # noqa: E402

from fido2_udp import open_device  # noqa: E402


class RecordingConnection:
    """Passes packets to the real connection and keeps what it reads."""

    def __init__(self, inner):
        self.inner = inner
        self.received = []

    def write_packet(self, data):
        self.inner.write_packet(data)

    def read_packet(self):
        packet = self.inner.read_packet()
        self.received.append(packet)
        return packet


class ReplayingConnection:
    """Answers every request (its first packet restarts the answer) with the recorded packets."""

    def __init__(self, answer):
        self.answer = answer
        self.position = 0

    def write_packet(self, data):
        if data[4] & 0x80:
            self.position = 0

    def read_packet(self):
        packet = self.answer[self.position]
        self.position += 1
        return packet


def replayed_cpu(device, count, get_assertion):
    """python-fido2's CPU time for `count` getAssertion calls answered from memory, in microseconds."""
    real = device._connection
    recording = RecordingConnection(real)
    device._connection = recording
    try:
        get_assertion()
        device._connection = ReplayingConnection(recording.received)
        cpu_start = time.process_time()
        for _ in range(count):
            get_assertion()
        return (time.process_time() - cpu_start) * 1e6
    finally:
        device._connection = real


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    device = open_device(host, port)
    ctap2 = Ctap2(device)
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
        words = line.split()
        if words[0] == "replay":
            cpu = replayed_cpu(device, int(words[1]), lambda: ctap2.get_assertion("bench.example", client_data_hash, allow_list))
            print(json.dumps({"cpuMicroseconds": cpu}), flush=True)
            continue
        count = int(words[0])
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
