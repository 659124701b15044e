/* gendata_random.h -- the seeded random numbers behind synthetic data.
 *
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64: fast,
 * small, and the same sequence on every machine for the same seed, which
 * is what makes staffroom-gendata's output reproducible. Not for anything
 * secret: real answer ids come from the OS's random source on the kiosk.
 *
 * Ownership: a gendata_random is a plain struct the caller owns.
 */
#ifndef SR_GENDATA_RANDOM_H
#define SR_GENDATA_RANDOM_H

#include <stdint.h>

typedef struct gendata_random {
    uint64_t s[4];
} gendata_random;

void gendata_seed(gendata_random *r, uint64_t seed);
uint64_t gendata_next(gendata_random *r);

/* Uniform in [0, 1). */
double gendata_uniform(gendata_random *r);

/* Uniform in 0..n-1 (n >= 1). */
int gendata_below(gendata_random *r, int n);

/* Standard normal (mean 0, standard deviation 1), Box-Muller. */
double gendata_gaussian(gendata_random *r);

/* A fixed number in [0, 1) for (seed, a, b): the same inputs, the same
 * number, without drawing from a generator. */
double gendata_hashed_uniform(uint64_t seed, uint64_t a, uint64_t b);

/* 32 lower-case hex digits and a NUL: an answer id. */
void gendata_hex_id(gendata_random *r, char out[33]);

#endif
