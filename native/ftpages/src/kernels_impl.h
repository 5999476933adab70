/*
 * The batch kernels, written once and compiled once per vector level. The including unit defines
 * FTP_KERNEL_NAME (the accessor's name) before including this file; its compiler flags (-msse2, -mavx2,
 * none) decide which XXH3 accumulate loop xxhash.h inlines here, since XXH_INLINE_ALL makes every
 * XXH3 function static to this unit.
 */
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

/* Four 64-bit lanes: one AVX2 register in the AVX2 unit, a pair of SSE2 registers in the SSE2 unit. */
typedef uint64_t ftp_lanes __attribute__((vector_size(32)));

/*
 * True when the page is all zero. Returns at the first 256-byte chunk with a set bit, so a normal page
 * costs one chunk; the chunks read here are in L1 when the hash reads them next. memcpy into a vector
 * is how C spells an unaligned vector load; the compiler emits plain loads, no copy.
 */
static int page_is_zero(const uint8_t* page)
{
    for (size_t chunk = 0; chunk < FTP_PAGE_SIZE; chunk += 256) {
        ftp_lanes any = { 0, 0, 0, 0 };
        for (size_t offset = 0; offset < 256; offset += sizeof(ftp_lanes)) {
            ftp_lanes lanes;
            memcpy(&lanes, page + chunk + offset, sizeof lanes);
            any |= lanes;
        }
        if ((any[0] | any[1] | any[2] | any[3]) != 0) {
            return 0;
        }
    }
    return 1;
}

static ftp_hash128 hash_bytes(const uint8_t* data, size_t length)
{
    XXH128_hash_t h = XXH3_128bits(data, length);
    ftp_hash128 out = { h.low64, h.high64 };
    return out;
}

static void kernel_hash(const uint8_t* data, size_t length, ftp_hash128* out)
{
    *out = hash_bytes(data, length);
}

static void kernel_classify(const uint8_t* pages, size_t count, const ftp_hashset* held, int marked,
                            ftp_hash128* hashes, uint8_t* types)
{
    /* XXH3-128 of 4096 zero bytes, a constant of the algorithm (the zero_page ctest checks it against
       both xxhsum and a fresh hash), so a zero page is scanned once and never hashed. */
    const ftp_hash128 zero_hash = { FTP_ZERO_PAGE_HASH_LOW, FTP_ZERO_PAGE_HASH_HIGH };
    for (size_t i = 0; i < count; i++) {
        const uint8_t* page = pages + i * FTP_PAGE_SIZE;
        if (marked) {
            if (types[i] == FTP_TYPE_NOT_PRESENT) {
                hashes[i].low = 0;
                hashes[i].high = 0;
                continue;
            }
            if (types[i] == FTP_TYPE_PAGETABLE) {
                hashes[i] = hash_bytes(page, FTP_PAGE_SIZE);
                continue;
            }
        }
        if (page_is_zero(page)) {
            hashes[i] = zero_hash;
            types[i] = FTP_TYPE_ZERO;
            continue;
        }
        ftp_hash128 h = hash_bytes(page, FTP_PAGE_SIZE);
        hashes[i] = h;
        types[i] = (held != NULL && ftp_hashset_has(held, h.low, h.high)) ? FTP_TYPE_AT_DESTINATION
                                                                          : FTP_TYPE_NORMAL;
    }
}

static void kernel_hash64_pages(const uint8_t* pages, size_t count, uint64_t* hashes)
{
    for (size_t i = 0; i < count; i++) {
        hashes[i] = XXH3_64bits(pages + i * FTP_PAGE_SIZE, FTP_PAGE_SIZE);
    }
}

FTP_HIDDEN const ftp_kernels* FTP_KERNEL_NAME(void)
{
    static const ftp_kernels kernels = { kernel_hash, kernel_classify, kernel_hash64_pages };
    return &kernels;
}
