/*
 * Drive the keybridge emulator over UDP with Yubico's libfido2 (Debian's 1.12).
 *
 * Build:  cc -Wall -Wextra -o libfido2_udp libfido2_udp.c $(pkg-config --cflags --libs libfido2)
 * Usage:  libfido2_udp HOST PORT COMMAND [options]
 *
 *   info                                  getInfo as libfido2 parsed it
 *   set-pin   --pin NEW [--old-pin OLD]   fido_dev_set_pin (setPIN, or changePIN with --old-pin)
 *   retries                               fido_dev_get_retry_count
 *   uv-retries                            fido_dev_get_uv_retry_count (getUVRetries)
 *   make-cred [--pin P] [--rk] [--hmac] [--alg -7|-8]
 *                                         fido_dev_make_cred + fido_cred_verify (x5c: packed /
 *                                         fido-u2f attestation checked by libfido2) or
 *                                         fido_cred_verify_self (packed self attestation)
 *   get-assert [--pin P] [--assert-pin P] [--rk] [--count N] [--hmac] [--alg -7|-8]
 *                                         makes N credentials (rp id with a random suffix), then
 *                                         fido_dev_get_assert (allowList, or none with --rk) and
 *                                         fido_assert_verify for every returned assertion;
 *                                         --assert-pin overrides the PIN of the assertion only
 *                                         (a wrong PIN there exercises PIN_INVALID); --hmac asks
 *                                         hmac-secret twice with the same salt and once with another
 *   --uv (make-cred, get-assert)          fido_cred_set_uv / fido_assert_set_uv: with no PIN, on a key
 *                                         with uv and pinUvAuthToken, libfido2 gets a token by built-in UV
 *                                         (getPinUvAuthTokenUsingUvWithPermissions) for the command
 *
 * Every step prints one JSON object on its own line on stdout. "result" fields are libfido2
 * return codes (0 = FIDO_OK, CTAP status bytes as themselves, negative = libfido2 internal errors)
 * and "result_str" is fido_strerr(). The exit status is 0 when the command ran (whatever the
 * authenticator answered), 1 when the device could not be opened, 2 for usage errors.
 *
 * Transport: libfido2 custom I/O (fido_dev_set_io_functions; that alone makes libfido2 treat the
 * device as its own 64-byte-report transport, no transport functions needed). libfido2 writes
 * report id + 64-byte report: the report id is stripped and one datagram carries one report.
 * read() waits at most `ms` milliseconds (-1 = forever) and returns -1 on timeout, as libfido2
 * expects; fido_dev_set_timeout bounds every exchange so a silent emulator fails instead of hanging.
 */

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <fido.h>
#include <fido/es256.h>
#include <fido/eddsa.h>
#include <openssl/rand.h>

#define REPORT_LEN 64
#define TIMEOUT_MS 15000
#define MAX_CREDS 8

/* ------------------------------------------------------------------ UDP I/O */

struct udp_handle {
	int fd;
};

static void *
udp_open(const char *path)
{
	/* path is "HOST:PORT"; the port follows the last ':' so IPv6 literals ("::1:4000") work. */
	char *copy = strdup(path), *colon;
	struct addrinfo hints, *res = NULL, *ai;
	struct udp_handle *h = NULL;
	int fd = -1;

	if (copy == NULL || (colon = strrchr(copy, ':')) == NULL)
		goto out;
	*colon = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	if (getaddrinfo(copy, colon + 1, &hints, &res) != 0)
		goto out;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) < 0)
			continue;
		/* connect(): only the emulator's datagrams are received. */
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	if (fd < 0 || (h = calloc(1, sizeof(*h))) == NULL) {
		if (fd >= 0)
			close(fd);
		goto out;
	}
	h->fd = fd;
out:
	if (res != NULL)
		freeaddrinfo(res);
	free(copy);
	return h;
}

static void
udp_close(void *handle)
{
	struct udp_handle *h = handle;

	close(h->fd);
	free(h);
}

static int
udp_read(void *handle, unsigned char *buf, size_t len, int ms)
{
	struct udp_handle *h = handle;
	struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
	unsigned char pkt[2048];
	ssize_t n;
	int r;

	do {
		r = poll(&pfd, 1, ms < 0 ? -1 : ms);
	} while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1; /* timeout or error */
	if ((n = recv(h->fd, pkt, sizeof(pkt), 0)) != REPORT_LEN || len < REPORT_LEN) {
		fprintf(stderr, "udp_read: got %zd bytes, want %d\n", n, REPORT_LEN);
		return -1;
	}
	memcpy(buf, pkt, REPORT_LEN);
	return REPORT_LEN;
}

static int
udp_write(void *handle, const unsigned char *buf, size_t len)
{
	struct udp_handle *h = handle;

	/* libfido2 hands us report id (0) + one 64-byte report. */
	if (len != REPORT_LEN + 1) {
		fprintf(stderr, "udp_write: unexpected length %zu\n", len);
		return -1;
	}
	if (send(h->fd, buf + 1, REPORT_LEN, 0) != REPORT_LEN)
		return -1;
	return (int)len;
}

/* ------------------------------------------------------------------ JSON out */

static void
json_str(const char *key, const char *s)
{
	printf(",\"%s\":", key);
	if (s == NULL) {
		printf("null");
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void
json_hex(const char *key, const unsigned char *p, size_t len)
{
	printf(",\"%s\":", key);
	if (p == NULL) {
		printf("null");
		return;
	}
	putchar('"');
	for (size_t i = 0; i < len; i++)
		printf("%02x", p[i]);
	putchar('"');
}

static void
json_int(const char *key, long long v)
{
	printf(",\"%s\":%lld", key, v);
}

static void
json_bool(const char *key, bool v)
{
	printf(",\"%s\":%s", key, v ? "true" : "false");
}

static void
json_begin(const char *cmd)
{
	printf("{\"cmd\":\"%s\"", cmd);
}

static void
json_end(void)
{
	printf("}\n");
	fflush(stdout);
}

static void
json_result(const char *key, int r)
{
	char k[64];

	json_int(key, r);
	snprintf(k, sizeof(k), "%s_str", key);
	json_str(k, fido_strerr(r));
}

static void
json_flags(uint8_t flags)
{
	json_int("flags", flags);
	json_bool("up", flags & 0x01);
	json_bool("uv", flags & 0x04);
	json_bool("at", flags & 0x40);
	json_bool("ed", flags & 0x80);
}

/* ------------------------------------------------------------------ options */

struct opts {
	const char *pin;
	const char *old_pin;
	const char *assert_pin;
	bool assert_pin_set;
	bool rk;
	bool hmac;
	bool uv;
	int count;
	int alg;
};

static void
usage(void)
{
	fprintf(stderr, "usage: libfido2_udp HOST PORT info|set-pin|retries|uv-retries|make-cred|get-assert "
	    "[--pin P] [--old-pin P] [--assert-pin P] [--rk] [--hmac] [--uv] [--count N] [--alg A]\n");
	exit(2);
}

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->count = 1;
	o->alg = COSE_ES256;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool has_value = i + 1 < argc;
		if (!strcmp(a, "--pin") && has_value)
			o->pin = argv[++i];
		else if (!strcmp(a, "--old-pin") && has_value)
			o->old_pin = argv[++i];
		else if (!strcmp(a, "--assert-pin") && has_value) {
			o->assert_pin = argv[++i];
			o->assert_pin_set = true;
		} else if (!strcmp(a, "--count") && has_value)
			o->count = atoi(argv[++i]);
		else if (!strcmp(a, "--alg") && has_value)
			o->alg = atoi(argv[++i]);
		else if (!strcmp(a, "--rk"))
			o->rk = true;
		else if (!strcmp(a, "--hmac"))
			o->hmac = true;
		else if (!strcmp(a, "--uv"))
			o->uv = true;
		else
			usage();
	}
	if (o->count < 1 || o->count > MAX_CREDS || (o->alg != COSE_ES256 && o->alg != COSE_EDDSA))
		usage();
	if (!o->assert_pin_set)
		o->assert_pin = o->pin;
}

static void
random_bytes(unsigned char *p, size_t n)
{
	if (RAND_bytes(p, (int)n) != 1) {
		fprintf(stderr, "RAND_bytes failed\n");
		exit(1);
	}
}

/* ------------------------------------------------------------------ commands */

static int
cmd_info(fido_dev_t *dev)
{
	fido_cbor_info_t *ci = fido_cbor_info_new();
	int r = fido_dev_get_cbor_info(dev, ci);
	char **names;
	const bool *values;

	json_begin("info");
	json_result("result", r);
	json_bool("is_fido2", fido_dev_is_fido2(dev));
	json_int("ctaphid_protocol", fido_dev_protocol(dev));
	json_int("capabilities", fido_dev_flags(dev));
	if (r == FIDO_OK) {
		printf(",\"versions\":[");
		names = fido_cbor_info_versions_ptr(ci);
		for (size_t i = 0; i < fido_cbor_info_versions_len(ci); i++)
			printf("%s\"%s\"", i ? "," : "", names[i]);
		printf("],\"extensions\":[");
		names = fido_cbor_info_extensions_ptr(ci);
		for (size_t i = 0; i < fido_cbor_info_extensions_len(ci); i++)
			printf("%s\"%s\"", i ? "," : "", names[i]);
		printf("],\"options\":{");
		names = fido_cbor_info_options_name_ptr(ci);
		values = fido_cbor_info_options_value_ptr(ci);
		for (size_t i = 0; i < fido_cbor_info_options_len(ci); i++)
			printf("%s\"%s\":%s", i ? "," : "", names[i], values[i] ? "true" : "false");
		printf("},\"protocols\":[");
		for (size_t i = 0; i < fido_cbor_info_protocols_len(ci); i++)
			printf("%s%u", i ? "," : "", fido_cbor_info_protocols_ptr(ci)[i]);
		printf("],\"algorithms\":[");
		for (size_t i = 0; i < fido_cbor_info_algorithm_count(ci); i++)
			printf("%s%d", i ? "," : "", fido_cbor_info_algorithm_cose(ci, i));
		printf("]");
		json_hex("aaguid", fido_cbor_info_aaguid_ptr(ci), fido_cbor_info_aaguid_len(ci));
		json_int("maxmsgsiz", (long long)fido_cbor_info_maxmsgsiz(ci));
		json_int("minpinlen", (long long)fido_cbor_info_minpinlen(ci));
		json_bool("supports_pin", fido_dev_supports_pin(dev));
		json_bool("has_pin", fido_dev_has_pin(dev));
		json_bool("supports_credman", fido_dev_supports_credman(dev));
		json_bool("supports_cred_prot", fido_dev_supports_cred_prot(dev));
		json_bool("supports_permissions", fido_dev_supports_permissions(dev));
		json_bool("supports_uv", fido_dev_supports_uv(dev));
		json_bool("has_uv", fido_dev_has_uv(dev));
		json_int("uv_attempts", (long long)fido_cbor_info_uv_attempts(ci));
	}
	json_end();
	fido_cbor_info_free(&ci);
	return 0;
}

static int
cmd_set_pin(fido_dev_t *dev, const struct opts *o)
{
	int r;

	if (o->pin == NULL)
		usage();
	r = fido_dev_set_pin(dev, o->pin, o->old_pin);
	json_begin("set-pin");
	json_bool("change", o->old_pin != NULL);
	json_result("result", r);
	json_end();
	return 0;
}

/* PIN retries (fido_dev_get_retry_count) or built-in UV retries (fido_dev_get_uv_retry_count). */
static int
cmd_retries(fido_dev_t *dev, bool uv)
{
	int retries = -1;
	int r = uv ? fido_dev_get_uv_retry_count(dev, &retries) : fido_dev_get_retry_count(dev, &retries);

	json_begin(uv ? "uv-retries" : "retries");
	json_result("result", r);
	json_int("retries", retries);
	json_end();
	return 0;
}

/* Makes one credential and prints its line; returns it (verified or not) or NULL. */
static fido_cred_t *
make_cred(fido_dev_t *dev, const struct opts *o, const char *rp_id, int index)
{
	fido_cred_t *cred = fido_cred_new();
	unsigned char cdh[32], user_id[16];
	char user_name[32];
	const char *fmt;
	int r, v = FIDO_ERR_INVALID_ARGUMENT;
	const char *verify_mode = "none";

	random_bytes(cdh, sizeof(cdh));
	random_bytes(user_id, sizeof(user_id));
	snprintf(user_name, sizeof(user_name), "user%d", index);
	if (cred == NULL || fido_cred_set_type(cred, o->alg) != FIDO_OK ||
	    fido_cred_set_clientdata_hash(cred, cdh, sizeof(cdh)) != FIDO_OK ||
	    fido_cred_set_rp(cred, rp_id, "keybridge interop") != FIDO_OK ||
	    fido_cred_set_user(cred, user_id, sizeof(user_id), user_name, user_name, NULL) != FIDO_OK ||
	    fido_cred_set_rk(cred, o->rk ? FIDO_OPT_TRUE : FIDO_OPT_OMIT) != FIDO_OK ||
	    (o->hmac && fido_cred_set_extensions(cred, FIDO_EXT_HMAC_SECRET) != FIDO_OK) ||
	    (o->uv && fido_cred_set_uv(cred, FIDO_OPT_TRUE) != FIDO_OK)) {
		fprintf(stderr, "make_cred: setting up fido_cred_t failed\n");
		exit(1);
	}

	r = fido_dev_make_cred(dev, cred, o->pin);
	fmt = fido_cred_fmt(cred);
	if (r == FIDO_OK) {
		if (fido_cred_x5c_len(cred) > 0) {
			verify_mode = "x5c";
			v = fido_cred_verify(cred);
		} else if (fmt != NULL && strcmp(fmt, "packed") == 0) {
			verify_mode = "self";
			v = fido_cred_verify_self(cred);
		}
	}

	json_begin("make-cred");
	json_str("rp_id", rp_id);
	json_bool("rk", o->rk);
	json_result("result", r);
	if (r == FIDO_OK) {
		json_str("fmt", fmt);
		json_flags(fido_cred_flags(cred));
		json_int("sigcount", fido_cred_sigcount(cred));
		json_int("type", fido_cred_type(cred));
		json_int("cred_id_len", (long long)fido_cred_id_len(cred));
		json_int("pubkey_len", (long long)fido_cred_pubkey_len(cred));
		json_hex("aaguid", fido_cred_aaguid_ptr(cred), fido_cred_aaguid_len(cred));
		json_int("x5c_bytes", (long long)fido_cred_x5c_len(cred));
		json_str("verify_mode", verify_mode);
		json_result("verify", v);
	}
	json_end();
	if (r != FIDO_OK) {
		fido_cred_free(&cred);
		return NULL;
	}
	return cred;
}

static int
cmd_make_cred(fido_dev_t *dev, const struct opts *o, const char *rp_id)
{
	fido_cred_t *cred = make_cred(dev, o, rp_id, 0);

	fido_cred_free(&cred);
	return 0;
}

/* fido_assert_verify of assertion i with the key of the credential it names. */
static int
verify_one(const fido_assert_t *a, size_t i, fido_cred_t **creds, int n, int *which)
{
	const unsigned char *id = fido_assert_id_ptr(a, i);
	size_t id_len = fido_assert_id_len(a, i);

	*which = -1;
	for (int c = 0; c < n; c++) {
		if (fido_cred_id_len(creds[c]) != id_len || memcmp(fido_cred_id_ptr(creds[c]), id, id_len) != 0)
			continue;
		*which = c;
		if (fido_cred_type(creds[c]) == COSE_EDDSA) {
			eddsa_pk_t *pk = eddsa_pk_new();
			int r = eddsa_pk_from_ptr(pk, fido_cred_pubkey_ptr(creds[c]), fido_cred_pubkey_len(creds[c]));
			if (r == FIDO_OK)
				r = fido_assert_verify(a, i, COSE_EDDSA, pk);
			eddsa_pk_free(&pk);
			return r;
		} else {
			es256_pk_t *pk = es256_pk_new();
			int r = es256_pk_from_ptr(pk, fido_cred_pubkey_ptr(creds[c]), fido_cred_pubkey_len(creds[c]));
			if (r == FIDO_OK)
				r = fido_assert_verify(a, i, COSE_ES256, pk);
			es256_pk_free(&pk);
			return r;
		}
	}
	return FIDO_ERR_INVALID_CREDENTIAL;
}

/* One getAssertion (+ getNextAssertion inside libfido2); prints its line, returns the result. */
static int
get_assert(fido_dev_t *dev, const struct opts *o, const char *rp_id, fido_cred_t **creds, int n,
    const unsigned char *salt, const char *label)
{
	fido_assert_t *a = fido_assert_new();
	unsigned char cdh[32];
	int r;
	size_t count;
	bool all_verified = true, ids_distinct = true;
	int seen[MAX_CREDS];

	random_bytes(cdh, sizeof(cdh));
	if (a == NULL || fido_assert_set_rp(a, rp_id) != FIDO_OK ||
	    fido_assert_set_clientdata_hash(a, cdh, sizeof(cdh)) != FIDO_OK ||
	    fido_assert_set_up(a, FIDO_OPT_TRUE) != FIDO_OK ||
	    (o->uv && fido_assert_set_uv(a, FIDO_OPT_TRUE) != FIDO_OK)) {
		fprintf(stderr, "get_assert: setting up fido_assert_t failed\n");
		exit(1);
	}
	if (!o->rk)
		for (int c = 0; c < n; c++)
			if (fido_assert_allow_cred(a, fido_cred_id_ptr(creds[c]), fido_cred_id_len(creds[c])) != FIDO_OK)
				exit(1);
	if (salt != NULL && (fido_assert_set_extensions(a, FIDO_EXT_HMAC_SECRET) != FIDO_OK ||
	    fido_assert_set_hmac_salt(a, salt, 32) != FIDO_OK))
		exit(1);

	r = fido_dev_get_assert(dev, a, o->assert_pin);
	count = fido_assert_count(a);

	json_begin("get-assert");
	json_str("label", label);
	json_str("rp_id", rp_id);
	json_bool("rk", o->rk);
	json_result("result", r);
	json_int("count", (long long)(r == FIDO_OK ? count : 0));
	if (r == FIDO_OK) {
		printf(",\"verify\":[");
		for (size_t i = 0; i < count; i++) {
			int which, v = verify_one(a, i, creds, n, &which);
			all_verified = all_verified && v == FIDO_OK;
			for (size_t j = 0; j < i && i < MAX_CREDS; j++)
				if (seen[j] == which)
					ids_distinct = false;
			if (i < MAX_CREDS)
				seen[i] = which;
			printf("%s%d", i ? "," : "", v);
		}
		printf("],\"cred_index\":[");
		for (size_t i = 0; i < count && i < MAX_CREDS; i++)
			printf("%s%d", i ? "," : "", seen[i]);
		printf("],\"flags\":[");
		for (size_t i = 0; i < count; i++)
			printf("%s%u", i ? "," : "", fido_assert_flags(a, i));
		printf("],\"sigcount\":[");
		for (size_t i = 0; i < count; i++)
			printf("%s%u", i ? "," : "", fido_assert_sigcount(a, i));
		printf("]");
		json_bool("all_verified", all_verified && count > 0);
		json_bool("ids_distinct", ids_distinct);
		if (salt != NULL)
			json_hex("hmac_secret", fido_assert_hmac_secret_ptr(a, 0), fido_assert_hmac_secret_len(a, 0));
	}
	json_end();
	fido_assert_free(&a);
	return r;
}

static int
cmd_get_assert(fido_dev_t *dev, const struct opts *o, const char *rp_id)
{
	fido_cred_t *creds[MAX_CREDS];
	int n = 0;
	unsigned char salt1[32], salt2[32];

	for (int i = 0; i < o->count; i++) {
		if ((creds[n] = make_cred(dev, o, rp_id, i)) == NULL)
			break;
		n++;
	}
	if (n != o->count)
		goto out; /* the make-cred line already tells why */
	/* A failed assertion ends the command: a wrong --assert-pin costs exactly one retry. */
	if (!o->hmac) {
		if (get_assert(dev, o, rp_id, creds, n, NULL, "plain") == FIDO_OK)
			get_assert(dev, o, rp_id, creds, n, NULL, "again");
	} else {
		random_bytes(salt1, sizeof(salt1));
		random_bytes(salt2, sizeof(salt2));
		if (get_assert(dev, o, rp_id, creds, n, salt1, "salt1") == FIDO_OK &&
		    get_assert(dev, o, rp_id, creds, n, salt1, "salt1-again") == FIDO_OK)
			get_assert(dev, o, rp_id, creds, n, salt2, "salt2");
	}
out:
	for (int i = 0; i < n; i++)
		fido_cred_free(&creds[i]);
	return 0;
}

int
main(int argc, char **argv)
{
	fido_dev_io_t io = { udp_open, udp_close, udp_read, udp_write };
	fido_dev_t *dev;
	struct opts o;
	char path[512], rp_id[64];
	unsigned char suffix[4];
	const char *cmd;
	int r, rc;

	if (argc < 4)
		usage();
	cmd = argv[3];
	parse_opts(argc - 4, argv + 4, &o);
	snprintf(path, sizeof(path), "%s:%s", argv[1], argv[2]);
	random_bytes(suffix, sizeof(suffix));
	/* A fresh RP id per run, so runs sharing one emulator do not see each other's credentials. */
	snprintf(rp_id, sizeof(rp_id), "lf-%02x%02x%02x%02x.example.org", suffix[0], suffix[1], suffix[2],
	    suffix[3]);

	fido_init(getenv("FIDO_DEBUG") != NULL ? FIDO_DEBUG : 0);
	if ((dev = fido_dev_new()) == NULL)
		return 1;
	if ((r = fido_dev_set_io_functions(dev, &io)) != FIDO_OK ||
	    (r = fido_dev_set_timeout(dev, TIMEOUT_MS)) != FIDO_OK ||
	    (r = fido_dev_open(dev, path)) != FIDO_OK) {
		json_begin("open");
		json_str("path", path);
		json_result("result", r);
		json_end();
		fido_dev_free(&dev);
		return 1;
	}

	if (!strcmp(cmd, "info"))
		rc = cmd_info(dev);
	else if (!strcmp(cmd, "set-pin"))
		rc = cmd_set_pin(dev, &o);
	else if (!strcmp(cmd, "retries"))
		rc = cmd_retries(dev, false);
	else if (!strcmp(cmd, "uv-retries"))
		rc = cmd_retries(dev, true);
	else if (!strcmp(cmd, "make-cred"))
		rc = cmd_make_cred(dev, &o, rp_id);
	else if (!strcmp(cmd, "get-assert"))
		rc = cmd_get_assert(dev, &o, rp_id);
	else {
		fido_dev_close(dev);
		fido_dev_free(&dev);
		usage();
		return 2;
	}

	fido_dev_close(dev);
	fido_dev_free(&dev);
	return rc;
}
