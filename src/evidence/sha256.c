/*
 * sha256.c: SHA-256 of a whole file for the import records (FIPS 180-4).
 * On x86-64 processors with the SHA extensions the blocks go through the
 * sha256rnds2/msg1/msg2 instructions (about 2 GB/s, five times libsodium's
 * portable code, which matters when the file is a gigabyte); elsewhere
 * libsodium's crypto_hash_sha256 does the work. Both give the same digest
 * (tests/unit/test_evidence_sha.c compares them).
 */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ev_int.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_ni(uint32_t st[8],
                                                                   const unsigned char *p,
                                                                   size_t n) {
  const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128((const __m128i *)&st[0]);
  __m128i s1 = _mm_loadu_si128((const __m128i *)&st[4]);
  tmp = _mm_shuffle_epi32(tmp, 0xB1);      /* CDAB */
  s1 = _mm_shuffle_epi32(s1, 0x1B);        /* EFGH */
  __m128i s0 = _mm_alignr_epi8(tmp, s1, 8); /* ABEF */
  s1 = _mm_blend_epi16(s1, tmp, 0xF0);     /* CDGH */
  while (n--) {
    __m128i abef = s0, cdgh = s1, w[4], msg;
    for (int i = 0; i < 4; i++)
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), mask);
    for (int q = 0; q < 16; q++) {
      msg = _mm_add_epi32(w[q & 3], _mm_loadu_si128((const __m128i *)&K[4 * q]));
      s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
      if (q >= 3 && q <= 14) {
        tmp = _mm_alignr_epi8(w[q & 3], w[(q - 1) & 3], 4);
        w[(q + 1) & 3] = _mm_add_epi32(w[(q + 1) & 3], tmp);
        w[(q + 1) & 3] = _mm_sha256msg2_epu32(w[(q + 1) & 3], w[q & 3]);
      }
      msg = _mm_shuffle_epi32(msg, 0x0E);
      s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
      if (q >= 1 && q <= 12)
        w[(q - 1) & 3] = _mm_sha256msg1_epu32(w[(q - 1) & 3], w[q & 3]);
    }
    s0 = _mm_add_epi32(s0, abef);
    s1 = _mm_add_epi32(s1, cdgh);
    p += 64;
  }
  tmp = _mm_shuffle_epi32(s0, 0x1B);       /* FEBA */
  s1 = _mm_shuffle_epi32(s1, 0xB1);        /* DCHG */
  s0 = _mm_blend_epi16(tmp, s1, 0xF0);     /* DCBA */
  s1 = _mm_alignr_epi8(s1, tmp, 8);        /* ABEF */
  _mm_storeu_si128((__m128i *)&st[0], s0);
  _mm_storeu_si128((__m128i *)&st[4], s1);
}

static int have_ni(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19)) || !(c & (1u << 9)))
    return 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
    return 0;
  return (b >> 29) & 1;
}

static int sha256_ni(const unsigned char *p, size_t len, unsigned char out[32]) {
  if (!have_ni())
    return 0;
  uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  size_t full = len / 64;
  blocks_ni(st, p, full);
  unsigned char tail[128] = {0};
  size_t rest = len - full * 64;
  memcpy(tail, p + full * 64, rest);
  tail[rest] = 0x80;
  size_t tl = rest + 9 <= 64 ? 64 : 128;
  uint64_t bits = (uint64_t)len * 8;
  for (int i = 0; i < 8; i++)
    tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
  blocks_ni(st, tail, tl / 64);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (unsigned char)(st[i] >> 24);
    out[4 * i + 1] = (unsigned char)(st[i] >> 16);
    out[4 * i + 2] = (unsigned char)(st[i] >> 8);
    out[4 * i + 3] = (unsigned char)st[i];
  }
  return 1;
}
#else
static int sha256_ni(const unsigned char *p, size_t len, unsigned char out[32]) {
  (void)p;
  (void)len;
  (void)out;
  return 0;
}
#endif

void sp__ev_sha256_hex(const void *data, size_t len, int portable, char out[65]) {
  unsigned char h[32];
  if (portable || !sha256_ni(data, len, h))
    crypto_hash_sha256(h, data, len);
  sodium_bin2hex(out, 65, h, sizeof(h));
}

/* Streaming: whole 64-byte blocks go straight through; the rest waits. */
void sp__ev_sha256_init(struct sp_ev_sha256 *s) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memset(s, 0, sizeof(*s));
  memcpy(s->st, iv, sizeof(iv));
#if defined(__x86_64__) && defined(__GNUC__)
  s->ni = have_ni();
#endif
  if (!s->ni)
    crypto_hash_sha256_init((crypto_hash_sha256_state *)s->sodium);
}

void sp__ev_sha256_update(struct sp_ev_sha256 *s, const void *data, size_t len) {
  const unsigned char *p = data;
  if (!s->ni) {
    crypto_hash_sha256_update((crypto_hash_sha256_state *)s->sodium, p, len);
    return;
  }
#if defined(__x86_64__) && defined(__GNUC__)
  s->total += len;
  if (s->nbuf) {
    size_t take = 64 - s->nbuf < len ? 64 - s->nbuf : len;
    memcpy(s->buf + s->nbuf, p, take);
    s->nbuf += take;
    p += take;
    len -= take;
    if (s->nbuf < 64)
      return;
    blocks_ni(s->st, s->buf, 1);
    s->nbuf = 0;
  }
  blocks_ni(s->st, p, len / 64);
  memcpy(s->buf, p + len / 64 * 64, len % 64);
  s->nbuf = len % 64;
#endif
}

void sp__ev_sha256_final(struct sp_ev_sha256 *s, char out[65]) {
  unsigned char h[32];
  if (!s->ni) {
    crypto_hash_sha256_final((crypto_hash_sha256_state *)s->sodium, h);
  } else {
#if defined(__x86_64__) && defined(__GNUC__)
    unsigned char tail[128] = {0};
    memcpy(tail, s->buf, s->nbuf);
    tail[s->nbuf] = 0x80;
    size_t tl = s->nbuf + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)s->total * 8;
    for (int i = 0; i < 8; i++)
      tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
    blocks_ni(s->st, tail, tl / 64);
    for (int i = 0; i < 8; i++) {
      h[4 * i] = (unsigned char)(s->st[i] >> 24);
      h[4 * i + 1] = (unsigned char)(s->st[i] >> 16);
      h[4 * i + 2] = (unsigned char)(s->st[i] >> 8);
      h[4 * i + 3] = (unsigned char)s->st[i];
    }
#endif
  }
  sodium_bin2hex(out, 65, h, sizeof(h));
}
