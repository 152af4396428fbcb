#!/usr/bin/python3
"""Drive the keybridge emulator over UDP with Yubico's python-fido2 (Debian's 0.9.1).

Usage: fido2_udp.py HOST PORT SCENARIO [--pin PIN] [--new-pin PIN] [--protocol 1|2] [--alg -7|-8]

Transport: one 64-byte CTAPHID report per UDP datagram, no report-id byte (UdpCtapHidConnection
below); fido2.hid.CtapHidDevice does the framing, channel allocation and keepalive handling.

Every scenario prints exactly one JSON object on stdout (bytes as lowercase hex, CTAP errors as
{"code": int, "name": str} with python-fido2's names) and exits 0; any unexpected failure exits 1
with the traceback on stderr. Signatures and attestations are verified by python-fido2 itself
(fido2.cose / fido2.attestation / fido2.ctap1 / fido2.server); a verification failure raises.

State: every scenario is self-contained. It assumes only what its options say about the
authenticator: `--pin P` means "P is the current PIN" (omit it for an authenticator without a PIN),
and `set-pin` needs an authenticator without a PIN. RP ids carry a random suffix, so scenarios can
share one emulator process in any order without seeing each other's credentials. `wrong-pin`
leaves the PIN blocked until the emulator restarts (three wrong PINs in a row, as the spec says).

Scenarios:
  info             getInfo + CTAPHID INIT/PING (multi-packet echo) facts
  set-pin          short PIN rejected, setPIN, token works, setPIN again refused      (--pin = the new PIN)
  change-pin       changePIN; the new PIN gives a token, the old one is PIN_INVALID     (--pin old --new-pin new)
  wrong-pin        three wrong PINs: retries go down, then PIN_AUTH_BLOCKED           (--pin = correct PIN)
  make-credential  non-rk and rk credentials, attestation verified by fido2's classes
  get-assertion    allowList (with a decoy id) and discoverable (3 credentials, getNextAssertion)
  hmac-secret      same salt -> same output, salts differ, 32/64-byte outputs, protocol 1 == 2
  cred-mgmt        metadata, enumerate RPs / credentials, delete, the credential is gone   (needs --pin)
  u2f              CTAP1 version, register, authenticate, check-only and wrong-appid status words
  client           Fido2Client (origin https://example.org) + Fido2Server round trip   (needs --pin)
  builtin-uv       (--uv approve) UV tokens by ClientPin.get_uv_token, getUVRetries, the uv option,
                   Fido2Client + Fido2Server with user verification required and no PIN
  builtin-uv-deny  (--uv deny, needs --pin) UV_INVALID until UV_BLOCKD, then the PIN restores uvRetries
"""

from __future__ import print_function

import argparse
import json
import os
import socket
import struct
import sys
import traceback
from enum import Enum

from cryptography import x509
from cryptography.hazmat.backends import default_backend

from fido2 import cbor
from fido2.attestation import Attestation
from fido2.client import Fido2Client
from fido2.cose import CoseKey
from fido2.ctap import CtapError
from fido2.ctap1 import ApduError, Ctap1
from fido2.ctap2 import ClientPin, CredentialManagement, Ctap2, Info, PinProtocolV1, PinProtocolV2
from fido2.ctap2.extensions import HmacSecretExtension
from fido2.hid import CAPABILITY, CTAPHID, CtapHidDevice
from fido2.hid.base import CtapHidConnection, HidDescriptor
from fido2.server import Fido2Server
from fido2.utils import sha256

REPORT_SIZE = 64
FLAG_UP, FLAG_UV, FLAG_AT, FLAG_ED = 0x01, 0x04, 0x40, 0x80
PERM = ClientPin.PERMISSION


class UdpCtapHidConnection(CtapHidConnection):
    """A CTAPHID 'device' that is a UDP peer: one report per datagram, no report id."""

    def __init__(self, host, port, timeout=10.0):
        family, _, _, _, address = socket.getaddrinfo(host, port, 0, socket.SOCK_DGRAM)[0]
        self._sock = socket.socket(family, socket.SOCK_DGRAM)
        # connect() so that only the emulator's datagrams are received and an absent
        # listener surfaces as ConnectionRefusedError instead of a silent timeout.
        self._sock.connect(address)
        self._sock.settimeout(timeout)

    def write_packet(self, data):
        if len(data) != REPORT_SIZE:
            raise ValueError("CTAPHID report must be %d bytes, got %d" % (REPORT_SIZE, len(data)))
        if self._sock.send(data) != len(data):
            raise OSError("short UDP send")

    def read_packet(self):
        try:
            data = self._sock.recv(4096)
        except socket.timeout:
            raise TimeoutError("no CTAPHID report from the emulator within %.1fs" % self._sock.gettimeout())
        if len(data) != REPORT_SIZE:
            raise OSError("expected a %d-byte CTAPHID report, got %d bytes" % (REPORT_SIZE, len(data)))
        return data

    def close(self):
        self._sock.close()


def open_device(host, port):
    descriptor = HidDescriptor("udp:%s:%d" % (host, port), 0, 0, REPORT_SIZE, REPORT_SIZE)
    return CtapHidDevice(descriptor, UdpCtapHidConnection(host, port))


# ---------------------------------------------------------------- helpers


def jsonable(value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, Enum):
        return value.value if isinstance(value.value, (int, str)) else value.name
    if isinstance(value, dict):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def ctap_error(e):
    return {"code": int(e.code), "name": e.code.name}


def expect_ctap_error(fn, *args, **kwargs):
    """Run fn expecting a CtapError; returns {"code","name"} or raises if it succeeded."""
    try:
        fn(*args, **kwargs)
    except CtapError as e:
        return ctap_error(e)
    raise AssertionError("%s succeeded where a CTAP error was expected" % getattr(fn, "__name__", fn))


def random_rp(prefix):
    rp_id = "%s-%s.example.org" % (prefix, os.urandom(4).hex())
    return {"id": rp_id, "name": "keybridge interop " + prefix}


def new_user(name):
    return {"id": os.urandom(16), "name": name, "displayName": name.title()}


def client_pin(ctap2, args):
    if args.protocol == 1:
        return ClientPin(ctap2, PinProtocolV1())
    if args.protocol == 2:
        return ClientPin(ctap2, PinProtocolV2())
    return ClientPin(ctap2)


def pin_auth(cp, pin, permission, rp_id, client_data_hash):
    """(pinUvAuthParam, pinUvAuthProtocol) for one command, or (None, None) without a PIN."""
    if not pin:
        return None, None
    token = cp.get_pin_token(pin, permission, rp_id)
    return cp.protocol.authenticate(token, client_data_hash), cp.protocol.VERSION


def make_cred(ctap2, cp, pin, rp, user, rk=False, alg=-7, extensions=None):
    client_data_hash = os.urandom(32)
    param, proto = pin_auth(cp, pin, PERM.MAKE_CREDENTIAL, rp["id"], client_data_hash)
    att = ctap2.make_credential(
        client_data_hash,
        rp,
        user,
        [{"type": "public-key", "alg": alg}],
        extensions=extensions,
        options={"rk": True} if rk else None,
        pin_uv_param=param,
        pin_uv_protocol=proto,
    )
    return client_data_hash, att


def flags_json(auth_data):
    f = auth_data.flags
    return {
        "flags": f,
        "up": bool(f & FLAG_UP),
        "uv": bool(f & FLAG_UV),
        "at": bool(f & FLAG_AT),
        "ed": bool(f & FLAG_ED),
        "counter": auth_data.counter,
    }


def verify_attestation(att, client_data_hash, rp_id, info):
    """Checks done by python-fido2's attestation classes, plus the rpIdHash / AAGUID facts."""
    result = Attestation.for_type(att.fmt)().verify(att.att_statement, att.auth_data, client_data_hash)
    cred = att.auth_data.credential_data
    x5c = att.att_statement.get("x5c") or []
    out = {
        "fmt": att.fmt,
        "attestation_verified": True,  # verify() raised otherwise
        "attestation_type": result.attestation_type.name,
        "x5c_len": len(x5c),
        "rp_id_hash_ok": att.auth_data.rp_id_hash == sha256(rp_id.encode()),
        "aaguid": cred.aaguid.hex(),
        "aaguid_matches_info": cred.aaguid == info.aaguid,
        "credential_id_len": len(cred.credential_id),
        "alg": cred.public_key.ALGORITHM,
        "extensions": jsonable(att.auth_data.extensions),
    }
    if x5c:
        cert = x509.load_der_x509_certificate(x5c[0], default_backend())
        out["cert_subject"] = cert.subject.rfc4514_string()
    out.update(flags_json(att.auth_data))
    return out


def get_assertion(ctap2, cp, pin, rp_id, allow_list=None, extensions=None):
    client_data_hash = os.urandom(32)
    param, proto = pin_auth(cp, pin, PERM.GET_ASSERTION, rp_id, client_data_hash)
    assertion = ctap2.get_assertion(
        rp_id, client_data_hash, allow_list, extensions, None, param, proto
    )
    return client_data_hash, assertion


def descriptor(credential_id):
    return {"type": "public-key", "id": credential_id}


# ---------------------------------------------------------------- scenarios


def scenario_info(dev, ctap2, args):
    info = ctap2.get_info()
    echo = os.urandom(300)  # 6 packets each way: exercises INIT/CONT framing
    return {
        "versions": info.versions,
        "extensions": info.extensions,
        "aaguid": info.aaguid.hex(),
        "options": info.options,
        "max_msg_size": info.max_msg_size,
        "pin_uv_protocols": info.pin_uv_protocols,
        "max_creds_in_list": info.max_creds_in_list,
        "max_cred_id_length": info.max_cred_id_length,
        "transports": info.transports,
        "algorithms": jsonable(info.algorithms),
        "min_pin_length": info.min_pin_length,
        "firmware_version": info.firmware_version,
        "max_cred_blob_length": info.max_cred_blob_length,
        "remaining_disc_creds": info.remaining_disc_creds,
        "force_pin_change": info.force_pin_change,
        "hid": {
            "version": dev.version,
            "device_version": list(dev.device_version),
            "capabilities": dev.capabilities,
            "wink": CAPABILITY.WINK.supported(dev.capabilities),
            "cbor": CAPABILITY.CBOR.supported(dev.capabilities),
            "nmsg": CAPABILITY.NMSG.supported(dev.capabilities),
            "ping_echo_ok": dev.ping(echo) == echo,
        },
    }


def scenario_set_pin(dev, ctap2, args):
    if not args.pin:
        raise SystemExit("set-pin needs --pin (the PIN to set)")
    cp = client_pin(ctap2, args)
    before = ctap2.get_info().options.get("clientPin")

    # A 3-character PIN, built by hand because ClientPin refuses it client-side.
    key_agreement, shared = cp._get_shared_secret()
    short_enc = cp.protocol.encrypt(shared, b"123".ljust(64, b"\0"))
    short_pin = expect_ctap_error(
        ctap2.client_pin,
        cp.protocol.VERSION,
        ClientPin.CMD.SET_PIN,
        key_agreement=key_agreement,
        new_pin_enc=short_enc,
        pin_uv_param=cp.protocol.authenticate(shared, short_enc),
    )

    cp.set_pin(args.pin)
    after = ctap2.get_info().options.get("clientPin")
    retries, power_cycle = cp.get_pin_retries()
    token = cp.get_pin_token(args.pin, PERM.GET_ASSERTION, "example.org")
    again = expect_ctap_error(cp.set_pin, args.pin)
    return {
        "protocol": cp.protocol.VERSION,
        "client_pin_before": before,
        "client_pin_after": after,
        "short_pin_error": short_pin,
        "retries": retries,
        "power_cycle_state": power_cycle,
        "token_len": len(token),
        "set_again_error": again,
    }


def scenario_change_pin(dev, ctap2, args):
    if not (args.pin and args.new_pin):
        raise SystemExit("change-pin needs --pin OLD --new-pin NEW")
    cp = client_pin(ctap2, args)
    cp.change_pin(args.pin, args.new_pin)
    new_token = cp.get_pin_token(args.new_pin, PERM.GET_ASSERTION, "example.org")
    old_error = expect_ctap_error(cp.get_pin_token, args.pin, PERM.GET_ASSERTION, "example.org")
    retries_after_wrong = cp.get_pin_retries()[0]
    cp.get_pin_token(args.new_pin, PERM.GET_ASSERTION, "example.org")
    retries_after_ok = cp.get_pin_retries()[0]
    return {
        "protocol": cp.protocol.VERSION,
        "new_token_len": len(new_token),
        "old_pin_error": old_error,
        "retries_after_wrong": retries_after_wrong,
        "retries_after_ok": retries_after_ok,
    }


def scenario_wrong_pin(dev, ctap2, args):
    if not args.pin:
        raise SystemExit("wrong-pin needs --pin (the correct PIN)")
    cp = client_pin(ctap2, args)
    wrong = args.pin + "9" if args.pin != "99999999" else "11111111"
    retries = [cp.get_pin_retries()[0]]
    errors = []
    for _ in range(3):
        errors.append(expect_ctap_error(cp.get_pin_token, wrong, PERM.GET_ASSERTION, "example.org"))
        retries.append(cp.get_pin_retries()[0])
    correct_after_block = expect_ctap_error(cp.get_pin_token, args.pin, PERM.GET_ASSERTION, "example.org")
    retries_final, power_cycle = cp.get_pin_retries()
    return {
        "protocol": cp.protocol.VERSION,
        "retries": retries,
        "errors": errors,
        "correct_pin_after_block_error": correct_after_block,
        "retries_final": retries_final,
        "power_cycle_state": power_cycle,
    }


def scenario_make_credential(dev, ctap2, args):
    cp = client_pin(ctap2, args)
    info = ctap2.info
    rp = random_rp("mc")
    out = {"rp_id": rp["id"], "with_pin": bool(args.pin)}
    for name, rk in (("non_rk", False), ("rk", True)):
        cdh, att = make_cred(ctap2, cp, args.pin, rp, new_user("user-" + name), rk=rk, alg=args.alg)
        out[name] = verify_attestation(att, cdh, rp["id"], info)
    if args.pin:
        # With a PIN set: rk without pinUvAuthParam needs UV; non-rk does not (makeCredUvNotRqd).
        out["rk_without_pin_error"] = expect_ctap_error(
            make_cred, ctap2, cp, None, rp, new_user("no-pin-rk"), True, args.alg
        )
        _, att = make_cred(ctap2, cp, None, rp, new_user("no-pin"), rk=False, alg=args.alg)
        out["non_rk_without_pin"] = flags_json(att.auth_data)
    return out


def scenario_get_assertion(dev, ctap2, args):
    cp = client_pin(ctap2, args)
    rp = random_rp("ga")

    # allowList: a decoy id first, then the real non-resident credential.
    _, att = make_cred(ctap2, cp, args.pin, rp, new_user("allow"), rk=False, alg=args.alg)
    cred = att.auth_data.credential_data
    allow = [descriptor(os.urandom(len(cred.credential_id))), descriptor(cred.credential_id)]
    counters = [att.auth_data.counter]
    allow_results = []
    for pin in (None, args.pin):  # up only, then with the PIN (uv) when there is one
        cdh, a = get_assertion(ctap2, cp, pin, rp["id"], allow)
        a.verify(cdh, cred.public_key)  # raises InvalidSignature
        counters.append(a.auth_data.counter)
        allow_results.append(
            dict(
                flags_json(a.auth_data),
                signature_verified=True,
                credential_id_ok=(a.credential or {}).get("id") == cred.credential_id,
                rp_id_hash_ok=a.auth_data.rp_id_hash == sha256(rp["id"].encode()),
            )
        )
        if not args.pin:
            break

    # Discoverable: three resident credentials, no allowList.
    created = []
    for i in range(3):
        user = new_user("disc-%d" % i)
        _, att = make_cred(ctap2, cp, args.pin, rp, user, rk=True, alg=args.alg)
        created.append((user, att.auth_data.credential_data))
    by_id = {c.credential_id: (i, u, c) for i, (u, c) in enumerate(created)}
    # The non-rk credential must not appear, so only these three are discoverable for rp.
    cdh, first = get_assertion(ctap2, cp, args.pin, rp["id"])
    assertions = [first] + [ctap2.get_next_assertion() for _ in range(1, first.number_of_credentials or 1)]
    extra = expect_ctap_error(ctap2.get_next_assertion)
    order, user_ids_ok, users = [], True, []
    for a in assertions:
        index, user, c = by_id[a.credential["id"]]
        a.verify(cdh, c.public_key)  # every assertion signs the same clientDataHash
        order.append(index)
        user_ids_ok = user_ids_ok and a.user is not None and a.user.get("id") == user["id"]
        users.append(jsonable(a.user))

    none_rp = expect_ctap_error(get_assertion, ctap2, cp, None, random_rp("none")["id"])
    return {
        "rp_id": rp["id"],
        "allow_list": allow_results,
        "counters": counters,
        "counters_increase": all(b > a for a, b in zip(counters, counters[1:])),
        "discoverable": {
            "number_of_credentials": first.number_of_credentials,
            "returned": len(assertions),
            "signatures_verified": True,
            "order": order,
            "most_recent_first": order == sorted(order, reverse=True),
            "distinct": len(set(order)) == len(order),
            "user_ids_ok": user_ids_ok,
            "users": users,
            "flags": [flags_json(a.auth_data) for a in assertions],
            "next_after_last_error": extra,
        },
        "unknown_rp_error": none_rp,
    }


def scenario_hmac_secret(dev, ctap2, args):
    cp = client_pin(ctap2, args)
    rp = random_rp("hmac")
    _, att = make_cred(
        ctap2, cp, args.pin, rp, new_user("hmac"), rk=False, alg=args.alg, extensions={"hmac-secret": True}
    )
    cred = att.auth_data.credential_data
    allow = [descriptor(cred.credential_id)]
    salt1, salt2 = os.urandom(32), os.urandom(32)

    def secret(salts, protocol, pin=None):
        ext = HmacSecretExtension(ctap2, protocol)
        inputs = {"salt1": salts[0]}
        if len(salts) > 1:
            inputs["salt2"] = salts[1]
        ext_in = ext.process_get_input({"hmacGetSecret": inputs})
        cdh, a = get_assertion(ctap2, cp, pin, rp["id"], allow, {"hmac-secret": ext_in})
        a.verify(cdh, cred.public_key)
        out = ext.process_get_output(a.auth_data)["hmacGetSecret"]
        return out, a.auth_data

    s1, ad1 = secret([salt1], PinProtocolV2())
    s1_again, _ = secret([salt1], PinProtocolV2())
    s2, _ = secret([salt2], PinProtocolV2())
    s12, _ = secret([salt1, salt2], PinProtocolV2())
    s1_v1, _ = secret([salt1], PinProtocolV1())
    s12_v1, _ = secret([salt1, salt2], PinProtocolV1())
    out = {
        "make_credential_extensions": jsonable(att.auth_data.extensions),
        "assertion_flags": flags_json(ad1),
        "output_len_one_salt": len(s1["output1"]) + len(s1.get("output2", b"")),
        "output_len_two_salts": len(s12["output1"]) + len(s12.get("output2", b"")),
        "same_salt_same_output": s1["output1"] == s1_again["output1"],
        "different_salts_differ": s1["output1"] != s2["output1"],
        "two_salts_match_singles": s12["output1"] == s1["output1"] and s12.get("output2") == s2["output1"],
        "protocol1_matches_protocol2": s1_v1["output1"] == s1["output1"]
        and s12_v1.get("output2") == s2["output1"],
    }
    if args.pin:
        s1_uv, ad_uv = secret([salt1], PinProtocolV2(), args.pin)
        s1_uv_again, _ = secret([salt1], PinProtocolV2(), args.pin)
        out["uv_flag_with_pin"] = bool(ad_uv.flags & FLAG_UV)
        out["uv_output_stable"] = s1_uv["output1"] == s1_uv_again["output1"]
        out["uv_output_differs_from_up_only"] = s1_uv["output1"] != s1["output1"]
    return out


def scenario_cred_mgmt(dev, ctap2, args):
    if not args.pin:
        raise SystemExit("cred-mgmt needs --pin")
    cp = client_pin(ctap2, args)
    rp_a, rp_b = random_rp("cma"), random_rp("cmb")
    made = {}
    for rp, name in ((rp_a, "alice"), (rp_a, "bob"), (rp_b, "carol")):
        user = new_user(name)
        _, att = make_cred(ctap2, cp, args.pin, rp, user, rk=True, alg=args.alg)
        made[att.auth_data.credential_data.credential_id] = (rp, user, att.auth_data.credential_data)

    token = cp.get_pin_token(args.pin, PERM.CREDENTIAL_MGMT)
    cm = CredentialManagement(ctap2, cp.protocol, token)
    R = CredentialManagement.RESULT
    meta = cm.get_metadata()
    rps = cm.enumerate_rps()
    rp_ids = [r[R.RP]["id"] for r in rps]
    rp_hash_ok = all(r[R.RP_ID_HASH] == sha256(r[R.RP]["id"].encode()) for r in rps)

    creds_a = cm.enumerate_creds(sha256(rp_a["id"].encode()))
    listed_ok = True
    for c in creds_a:
        cid = c[R.CREDENTIAL_ID]["id"]
        rp, user, cred = made[cid]
        listed_ok = (
            listed_ok
            and rp is rp_a
            and c[R.USER]["id"] == user["id"]
            and cbor.encode(dict(c[R.PUBLIC_KEY])) == cbor.encode(dict(cred.public_key))
        )
    victim = creds_a[0][R.CREDENTIAL_ID]
    cm.delete_cred(victim)
    meta_after = cm.get_metadata()
    creds_a_after = cm.enumerate_creds(sha256(rp_a["id"].encode()))
    creds_b = cm.enumerate_creds(sha256(rp_b["id"].encode()))
    deleted_listed = any(c[R.CREDENTIAL_ID]["id"] == victim["id"] for c in creds_a_after)

    gone = expect_ctap_error(get_assertion, ctap2, cp, args.pin, rp_a["id"], [descriptor(victim["id"])])
    # The surviving credential of rp_a still signs.
    survivor = creds_a_after[0][R.CREDENTIAL_ID]["id"] if creds_a_after else None
    survivor_ok = False
    if survivor is not None:
        cdh, a = get_assertion(ctap2, cp, args.pin, rp_a["id"], [descriptor(survivor)])
        a.verify(cdh, made[survivor][2].public_key)
        survivor_ok = True
    return {
        "existing_before": meta[R.EXISTING_CRED_COUNT],
        "remaining_before": meta.get(R.MAX_REMAINING_COUNT),
        "existing_after": meta_after[R.EXISTING_CRED_COUNT],
        "remaining_after": meta_after.get(R.MAX_REMAINING_COUNT),
        "rp_ids_include_ours": rp_a["id"] in rp_ids and rp_b["id"] in rp_ids,
        "total_rps": rps[0][R.TOTAL_RPS] if rps else 0,
        "rps_listed": len(rps),
        "rp_id_hashes_ok": rp_hash_ok,
        "creds_a": len(creds_a),
        "creds_a_total_field": creds_a[0].get(R.TOTAL_CREDENTIALS) if creds_a else None,
        "creds_listed_match_made": listed_ok,
        "cred_protect": [c.get(R.CRED_PROTECT) for c in creds_a],
        "creds_a_after_delete": len(creds_a_after),
        "deleted_still_listed": deleted_listed,
        "creds_b": len(creds_b),
        "assertion_with_deleted_error": gone,
        "survivor_signs": survivor_ok,
    }


def scenario_u2f(dev, ctap2, args):
    ctap1 = Ctap1(dev)
    version = ctap1.get_version()
    app = sha256(b"https://u2f-%s.example.org" % os.urandom(4).hex().encode())
    challenge = os.urandom(32)
    reg = ctap1.register(challenge, app)
    reg.verify(app, challenge)  # attestation signature, with the certificate's key
    cert = x509.load_der_x509_certificate(bytes(reg.certificate), default_backend())

    sigs = []
    for _ in range(2):
        chal = os.urandom(32)
        sig = ctap1.authenticate(chal, app, reg.key_handle)
        sig.verify(app, chal, reg.public_key)
        sigs.append(sig)

    def apdu_status(fn, *a, **kw):
        try:
            fn(*a, **kw)
        except ApduError as e:
            return "%04x" % e.code
        return "9000"

    return {
        "version": version,
        "public_key_len": len(reg.public_key),
        "public_key_uncompressed": reg.public_key[:1] == b"\x04",
        "key_handle_len": len(reg.key_handle),
        "certificate_subject": cert.subject.rfc4514_string(),
        "registration_verified": True,
        "signatures_verified": True,
        "user_presence": [s.user_presence for s in sigs],
        "counters": [s.counter for s in sigs],
        "check_only_status": apdu_status(ctap1.authenticate, challenge, app, reg.key_handle, True),
        "wrong_app_status": apdu_status(ctap1.authenticate, challenge, sha256(b"other"), reg.key_handle),
        "bad_key_handle_status": apdu_status(ctap1.authenticate, challenge, app, os.urandom(len(reg.key_handle))),
    }


def scenario_client(dev, ctap2, args):
    if not args.pin:
        raise SystemExit("client needs --pin")
    origin = "https://example.org"
    attestations = []

    def verify_att(attestation_object, client_data_hash):
        result = Attestation.for_type(attestation_object.fmt)().verify(
            attestation_object.att_statement, attestation_object.auth_data, client_data_hash
        )
        attestations.append((attestation_object.fmt, result.attestation_type.name))

    server = Fido2Server(
        {"id": "example.org", "name": "Example RP"}, attestation="direct", verify_attestation=verify_att
    )
    client = Fido2Client(dev, origin)
    user = {"id": os.urandom(16), "name": "alice@example.org", "displayName": "Alice"}

    create_options, state = server.register_begin(user, resident_key=True, user_verification="discouraged")
    made = client.make_credential(create_options["publicKey"], pin=args.pin)
    auth_data = server.register_complete(state, made.client_data, made.attestation_object)
    credentials = [auth_data.credential_data]

    request_options, state = server.authenticate_begin(credentials, user_verification="discouraged")
    selection = client.get_assertion(request_options["publicKey"], pin=args.pin)
    response = selection.get_response(0)
    server.authenticate_complete(
        state, credentials, response.credential_id, response.client_data, response.authenticator_data,
        response.signature,
    )

    # Discoverable: no allowCredentials; example.org may hold credentials of earlier runs.
    request_options, state = server.authenticate_begin(None, user_verification="discouraged")
    selection = client.get_assertion(request_options["publicKey"], pin=args.pin)
    n_discoverable = len(selection.get_assertions())
    mine = [
        selection.get_response(i)
        for i in range(n_discoverable)
        if selection.get_response(i).credential_id == auth_data.credential_data.credential_id
    ]
    if len(mine) != 1:
        raise AssertionError("discoverable assertion did not return the new credential exactly once")
    server.authenticate_complete(
        state, credentials, mine[0].credential_id, mine[0].client_data, mine[0].authenticator_data,
        mine[0].signature,
    )
    return {
        "origin": origin,
        "registered": True,
        "attestation": [{"fmt": f, "type": t} for f, t in attestations],
        "registration_flags": flags_json(auth_data),
        "authenticated": True,
        "assertion_flags": flags_json(response.authenticator_data),
        "discoverable_count": n_discoverable,
        "discoverable_authenticated": True,
        "user_handle_ok": mine[0].user_handle == user["id"],
    }


def scenario_limits(dev, ctap2, args):
    """The limits getInfo advertises, enforced: python-fido2 names the status codes the emulator answers."""
    info = ctap2.get_info()
    max_msg, max_list = info.max_msg_size, info.max_creds_in_list
    rp = random_rp("limits")
    cdh = os.urandom(32)
    unknown = [descriptor(os.urandom(48)) for _ in range(max_list + 1)]
    params = [{"type": "public-key", "alg": -7}]
    # Raw Ctap2 calls: Fido2Client would split the lists into batches of max_creds_in_list.
    allow_over = expect_ctap_error(ctap2.get_assertion, rp["id"], cdh, unknown)
    allow_at = expect_ctap_error(ctap2.get_assertion, rp["id"], cdh, unknown[:max_list])
    exclude_over = expect_ctap_error(ctap2.make_credential, cdh, rp, new_user("limits"), params, unknown)
    made = ctap2.make_credential(cdh, rp, new_user("limits"), params, unknown[:max_list])
    # A whole CTAP2 message one byte over maxMsgSize (command byte + a CBOR byte string), and one at it.
    def message_of(total):
        body = cbor.encode(os.urandom(total - 1 - 3))  # a byte string of this length has a 3-byte header
        assert len(body) == total - 1
        return struct.pack(">B", Ctap2.CMD.GET_INFO) + body
    too_large = dev.call(CTAPHID.CBOR, message_of(max_msg + 1))
    at_limit = dev.call(CTAPHID.CBOR, message_of(max_msg))
    return {
        "max_msg_size": max_msg,
        "max_creds_in_list": max_list,
        "allow_list_over": allow_over,
        "allow_list_at_limit": allow_at,
        "exclude_list_over": exclude_over,
        "exclude_list_at_limit_made": made.fmt,
        "message_over_status": {"code": too_large[0], "name": CtapError.ERR(too_large[0]).name},
        "message_at_limit_status": {"code": at_limit[0], "name": CtapError.ERR(at_limit[0]).name},
    }


def scenario_builtin_uv(dev, ctap2, args):
    info = ctap2.get_info()
    cp = client_pin(ctap2, args)
    uv_retries = cp.get_uv_retries()[0]
    rp = random_rp("uv")
    params = [{"type": "public-key", "alg": args.alg}]

    # CTAP 2.1: a token by built-in UV (getPinUvAuthTokenUsingUvWithPermissions), used like a PIN token.
    token = cp.get_uv_token(PERM.MAKE_CREDENTIAL, rp["id"])
    mc_hash = os.urandom(32)
    att = ctap2.make_credential(
        mc_hash, rp, new_user("uv"), params, options={"rk": True},
        pin_uv_param=cp.protocol.authenticate(token, mc_hash), pin_uv_protocol=cp.protocol.VERSION,
    )
    made = verify_attestation(att, mc_hash, rp["id"], info)
    token = cp.get_uv_token(PERM.GET_ASSERTION, rp["id"])
    ga_hash = os.urandom(32)
    assertion = ctap2.get_assertion(
        rp["id"], ga_hash, None, None, None, cp.protocol.authenticate(token, ga_hash), cp.protocol.VERSION
    )
    assertion.verify(ga_hash, att.auth_data.credential_data.public_key)

    # CTAP 2.0: the uv option.
    uv_hash = os.urandom(32)
    by_option = ctap2.make_credential(uv_hash, rp, new_user("uv-option"), params, options={"uv": True})
    verify_attestation(by_option, uv_hash, rp["id"], info)

    # Fido2Client with user verification required and no PIN: it asks the key's own UV.
    server = Fido2Server({"id": "example.org", "name": "Example RP"})
    client = Fido2Client(dev, "https://example.org")
    user = {"id": os.urandom(16), "name": "bob@example.org", "displayName": "Bob"}
    create_options, state = server.register_begin(user, user_verification="required")
    registered = client.make_credential(create_options["publicKey"])
    auth_data = server.register_complete(state, registered.client_data, registered.attestation_object)
    request_options, state = server.authenticate_begin([auth_data.credential_data], user_verification="required")
    response = client.get_assertion(request_options["publicKey"]).get_response(0)
    server.authenticate_complete(
        state, [auth_data.credential_data], response.credential_id, response.client_data,
        response.authenticator_data, response.signature,
    )
    return {
        "options": info.options,
        "preferred_platform_uv_attempts": info.data.get(Info.KEY.PREFERRED_PLATFORM_UV_ATTEMPTS),
        "uv_retries": uv_retries,
        "uv_token_make_credential": made,
        "uv_token_assertion_flags": flags_json(assertion.auth_data),
        "uv_option_flags": flags_json(by_option.auth_data),
        "client_registration_flags": flags_json(auth_data),
        "client_assertion_flags": flags_json(response.authenticator_data),
    }


def scenario_builtin_uv_deny(dev, ctap2, args):
    if not args.pin:
        raise SystemExit("builtin-uv-deny needs --pin")
    cp = client_pin(ctap2, args)
    rp = random_rp("uv-deny")
    attempts = []
    for _ in range(6):
        status = expect_ctap_error(cp.get_uv_token, PERM.GET_ASSERTION, rp["id"])
        attempts.append({"status": status, "uv_retries": cp.get_uv_retries()[0]})
    uv_option = expect_ctap_error(
        ctap2.make_credential, os.urandom(32), rp, new_user("uv-deny"),
        [{"type": "public-key", "alg": args.alg}], options={"uv": True},
    )
    cp.get_pin_token(args.pin, PERM.GET_ASSERTION, rp["id"])
    return {
        "attempts": attempts,
        "uv_option_with_pin": uv_option,
        "uv_retries_after_pin": cp.get_uv_retries()[0],
        "pin_retries_after_pin": cp.get_pin_retries()[0],
    }


SCENARIOS = {
    "info": scenario_info,
    "limits": scenario_limits,
    "set-pin": scenario_set_pin,
    "change-pin": scenario_change_pin,
    "wrong-pin": scenario_wrong_pin,
    "make-credential": scenario_make_credential,
    "get-assertion": scenario_get_assertion,
    "hmac-secret": scenario_hmac_secret,
    "cred-mgmt": scenario_cred_mgmt,
    "u2f": scenario_u2f,
    "client": scenario_client,
    "builtin-uv": scenario_builtin_uv,
    "builtin-uv-deny": scenario_builtin_uv_deny,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--pin", help="the authenticator's current PIN (the PIN to set, for set-pin)")
    parser.add_argument("--new-pin", help="change-pin: the new PIN")
    parser.add_argument("--protocol", type=int, choices=(1, 2), help="force PIN/UV auth protocol")
    parser.add_argument("--alg", type=int, default=-7, help="COSE algorithm for new credentials")
    args = parser.parse_args(argv)

    dev = open_device(args.host, args.port)
    try:
        ctap2 = Ctap2(dev)  # strict_cbor: non-canonical CBOR from the emulator fails the run
        result = SCENARIOS[args.scenario](dev, ctap2, args)
    finally:
        dev.close()
    result = dict(scenario=args.scenario, **jsonable(result))
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except BaseException as e:  # report every failure the same way
        traceback.print_exc(file=sys.stderr)
        if isinstance(e, CtapError):
            print("CTAP error: %s" % e.code, file=sys.stderr)
        sys.exit(1)
