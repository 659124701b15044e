/* gendata_random.c -- xoshiro256** and splitmix64, written from their
 * published descriptions (the constants are theirs). */
#include "gendata_random.h"

#include <math.h>

#define TWO_TO_53 9007199254740992.0
#define TWO_PI 6.283185307179586

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void gendata_seed(gendata_random *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotate_left(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t gendata_next(gendata_random *r)
{
    uint64_t result = rotate_left(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;
    r->s[2] ^= r->s[0];
    r->s[3] ^= r->s[1];
    r->s[1] ^= r->s[2];
    r->s[0] ^= r->s[3];
    r->s[2] ^= t;
    r->s[3] = rotate_left(r->s[3], 45);
    return result;
}

double gendata_uniform(gendata_random *r)
{
    return (double)(gendata_next(r) >> 11) * (1.0 / TWO_TO_53);
}

int gendata_below(gendata_random *r, int n)
{
    return (int)(gendata_uniform(r) * n);
}

double gendata_gaussian(gendata_random *r)
{
    double u = gendata_uniform(r), v = gendata_uniform(r);
    return sqrt(-2.0 * log(1.0 - u)) * cos(TWO_PI * v);
}

double gendata_hashed_uniform(uint64_t seed, uint64_t a, uint64_t b)
{
    uint64_t x = seed ^ (a * 0x9e3779b97f4a7c15ULL) ^ (b * 0xc2b2ae3d27d4eb4fULL);
    return (double)(splitmix64(&x) >> 11) * (1.0 / TWO_TO_53);
}

void gendata_hex_id(gendata_random *r, char out[33])
{
    static const char HEX[] = "0123456789abcdef";
    uint64_t halves[2] = {gendata_next(r), gendata_next(r)};
    for (int i = 0; i < 32; i++)
        out[i] = HEX[(halves[i / 16] >> (4 * (i % 16))) & 15];
    out[32] = '\0';
}
