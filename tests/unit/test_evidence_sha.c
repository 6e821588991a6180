/*
 * test_evidence_sha.c: the evidence engine's SHA-256 (OpenSSL's libcrypto)
 * against the FIPS 180-4 examples and against libsodium's independent
 * code, over lengths around every block boundary, whole and streamed in
 * uneven pieces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "evidence/ev_int.h"

static void sodium_hex(const unsigned char *b, size_t n, char out[65]) {
  unsigned char md[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(md, b, n);
  for (int i = 0; i < 32; i++)
    snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void test_known(void **state) {
  (void)state;
  char out[65];
  assert_int_equal(sp__ev_sha256_hex("abc", 3, out), 0);
  assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert_int_equal(sp__ev_sha256_hex("", 0, out), 0);
  assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  assert_int_equal(sp__ev_sha256_hex(m, strlen(m), out), 0);
  assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_against_sodium(void **state) {
  (void)state;
  assert_true(sodium_init() >= 0);
  size_t n = (1u << 20) + 77;
  unsigned char *b = malloc(n);
  assert_non_null(b);
  uint32_t x = 12345;
  for (size_t i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    b[i] = (unsigned char)(x >> 16);
  }
  char a[65], c[65];
  for (size_t len = 0; len < 300; len++) {
    assert_int_equal(sp__ev_sha256_hex(b, len, a), 0);
    sodium_hex(b, len, c);
    assert_string_equal(a, c);
  }
  assert_int_equal(sp__ev_sha256_hex(b, n, a), 0);
  sodium_hex(b, n, c);
  assert_string_equal(a, c);
  /* Streaming in uneven pieces gives the same digest. */
  static const size_t pieces[] = {1, 63, 64, 65, 1000, 4096, 100000};
  struct sp_ev_sha256 h;
  assert_int_equal(sp__ev_sha256_init(&h), 0);
  size_t off = 0;
  for (size_t k = 0; off < n; k++) {
    size_t m = pieces[k % 7] < n - off ? pieces[k % 7] : n - off;
    sp__ev_sha256_update(&h, b + off, m);
    off += m;
  }
  assert_int_equal(sp__ev_sha256_final(&h, a), 0);
  assert_string_equal(a, c);
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_known),
      cmocka_unit_test(test_against_sodium),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
