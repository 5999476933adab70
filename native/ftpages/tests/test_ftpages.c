/*
 * ctest cases for libftpages. Expected hashes were printed by Debian's xxhsum 0.8.1 (xxhsum -H2, high
 * half first) on files holding the first N bytes of xxHash's sanity-check byte generator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ftpages.h"

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            return 1;                                                               \
        }                                                                           \
    } while (0)

typedef struct vector {
    size_t length;
    uint64_t high;
    uint64_t low;
} vector;

static const vector vectors[] = {
    { 0, 0x99aa06d3014798d8ULL, 0x6001c324468d497fULL },
    { 1, 0xa6cd5e9392000f6aULL, 0xc44bdff4074eecdbULL },
    { 2, 0x76750c3c7bf95668ULL, 0x7a9978044cb8a8bbULL },
    { 3, 0x20efc49ff02422eaULL, 0x54247382a8d6b94dULL },
    { 4, 0x970d585ac632bf8eULL, 0x2e7d8d6876a39fe9ULL },
    { 5, 0x62ed587687606b4eULL, 0x057c7ed2c01fa1d1ULL },
    { 8, 0x47a7f080d82bb456ULL, 0x64c69cab4bb21dc5ULL },
    { 9, 0x564ef6078950d457ULL, 0xed7ccbc501eb7501ULL },
    { 12, 0x6e3efd8fc7802b18ULL, 0x061a192713f69ad9ULL },
    { 16, 0xc68c368ecf8a9c05ULL, 0x562980258a998629ULL },
    { 17, 0x955fa78643ed3669ULL, 0xabbc12d11973d7dbULL },
    { 32, 0x98fc6458710dc2e8ULL, 0x278410a17595e3f9ULL },
    { 33, 0x3103c192ceaa2dedULL, 0xe593bc4e5914c9d1ULL },
    { 64, 0x6d90e81a9b0fd622ULL, 0xefdb6a44690721a9ULL },
    { 96, 0xd9d0b885f56c93f1ULL, 0xe9324473ea9afebeULL },
    { 127, 0xdcfae8002712db1cULL, 0x802a565a8a79a999ULL },
    { 128, 0x39992220e045260aULL, 0xebb15e34a7fb5ab1ULL },
    { 129, 0x03815fc91f1b30b6ULL, 0x86c9e3bc8f0a3b5cULL },
    { 200, 0xe76ff4780fe18439ULL, 0xeb060f1bb3126f5aULL },
    { 240, 0xaa4202daa2769dc8ULL, 0x5c9aae94c8ebe5a0ULL },
    { 241, 0x99a80ecf0ecfc647ULL, 0xc5a639ecd2030e5eULL },
    { 255, 0x961375c87e09efbcULL, 0xe98f979f4ed8a197ULL },
    { 256, 0x8b1c66091423d288ULL, 0x55de574ad89d0ac5ULL },
    { 500, 0xcaa9df3e93be8de0ULL, 0xef35aceb3b341a05ULL },
    { 1024, 0x0d30d24071c64c57ULL, 0xdd85c9b5c1109c5cULL },
    { 1025, 0xfd3ee4fe7f2954c6ULL, 0xd870c0fa13211c6aULL },
    { 2048, 0xf736557fd47073a5ULL, 0xdd59e2c3a5f038e0ULL },
    { 2240, 0xccb134fbfa7ce49dULL, 0x6e73a90539cf2948ULL },
    { 2367, 0xe89c0f6ff369b427ULL, 0xcb37aeb9e5d361edULL },
    { 4095, 0xf69e23cfa8cea8c3ULL, 0x3044187222ab0efbULL },
    { 4096, 0xb9cfaea2ca5626a4ULL, 0xe91206429d1f48f9ULL },
    { 4097, 0x0c6a7a5f1d0bbb1aULL, 0xdac80d543e339451ULL },
    { 10000, 0xe20727cefc44ead3ULL, 0xbcd883507019ca90ULL },
};

static void sanity_bytes(uint8_t* out, size_t length)
{
    uint64_t state = 2654435761ULL;
    for (size_t i = 0; i < length; i++) {
        out[i] = (uint8_t)(state >> 56);
        state *= 11400714785074694797ULL;
    }
}

/* A deterministic, non-zero-heavy page filler (xorshift64). */
static void random_bytes(uint8_t* out, size_t length, uint64_t seed)
{
    uint64_t x = seed | 1;
    for (size_t i = 0; i < length; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out[i] = (uint8_t)x;
    }
}

static int test_hash_vectors(void)
{
    uint8_t* data = malloc(10000);
    CHECK(data != NULL);
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        sanity_bytes(data, vectors[i].length);
        ftp_hash128 h;
        CHECK(ftp_hash(data, vectors[i].length, &h) == FTP_OK);
        if (h.low != vectors[i].low || h.high != vectors[i].high) {
            fprintf(stderr, "length %zu: got %016llx%016llx\n", vectors[i].length,
                    (unsigned long long)h.high, (unsigned long long)h.low);
            free(data);
            return 1;
        }
    }
    free(data);
    CHECK(ftp_hash(NULL, 0, &(ftp_hash128){ 0, 0 }) == FTP_OK);
    CHECK(ftp_hash(NULL, 1, &(ftp_hash128){ 0, 0 }) == FTP_EINVAL);
    CHECK(ftp_abi_version() == FTP_ABI_VERSION);
    return 0;
}

static int test_zero_page(void)
{
    static uint8_t pages[3 * FTP_PAGE_SIZE];
    memset(pages, 0, sizeof pages);
    pages[FTP_PAGE_SIZE + FTP_PAGE_SIZE - 1] = 1; /* page 1: one set bit in its last byte */
    pages[2 * FTP_PAGE_SIZE] = 0x80;              /* page 2: one set bit in its first byte */
    ftp_hash128 hashes[3];
    uint8_t types[3];
    CHECK(ftp_classify(pages, 3, hashes, types) == FTP_OK);
    CHECK(types[0] == FTP_TYPE_ZERO);
    CHECK(types[1] == FTP_TYPE_NORMAL);
    CHECK(types[2] == FTP_TYPE_NORMAL);
    /* xxhsum -H2 of a file of 4096 zero bytes: 3ee8dc4f9e7ee49593d76fe148c689ba */
    CHECK(hashes[0].high == 0x3ee8dc4f9e7ee495ULL && hashes[0].low == 0x93d76fe148c689baULL);
    CHECK(hashes[1].low != hashes[0].low);
    ftp_hash128 fresh;
    CHECK(ftp_hash(pages, FTP_PAGE_SIZE, &fresh) == FTP_OK);
    CHECK(fresh.low == FTP_ZERO_PAGE_HASH_LOW && fresh.high == FTP_ZERO_PAGE_HASH_HIGH);
    return 0;
}

static int test_classify(void)
{
    enum { N = 64 };
    uint8_t* pages = calloc(N, FTP_PAGE_SIZE);
    CHECK(pages != NULL);
    for (size_t i = 0; i < N; i += 2) {
        random_bytes(pages + i * FTP_PAGE_SIZE, FTP_PAGE_SIZE, i + 1);
    }
    ftp_hash128 hashes[N];
    uint8_t types[N];
    CHECK(ftp_classify(pages, N, hashes, types) == FTP_OK);
    for (size_t i = 0; i < N; i++) {
        ftp_hash128 single;
        CHECK(ftp_hash(pages + i * FTP_PAGE_SIZE, FTP_PAGE_SIZE, &single) == FTP_OK);
        CHECK(single.low == hashes[i].low && single.high == hashes[i].high);
        CHECK(types[i] == (i % 2 == 0 ? FTP_TYPE_NORMAL : FTP_TYPE_ZERO));
    }
    CHECK(ftp_classify(pages, 0, NULL, NULL) == FTP_OK);
    CHECK(ftp_classify(NULL, 1, hashes, types) == FTP_EINVAL);
    uint64_t h64[N];
    CHECK(ftp_hash64_pages(pages, N, h64) == FTP_OK);
    CHECK(h64[0] != h64[1]);
    free(pages);
    return 0;
}

static int test_classify_marked(void)
{
    enum { N = 5 };
    uint8_t* pages = calloc(N, FTP_PAGE_SIZE);
    CHECK(pages != NULL);
    random_bytes(pages + 0 * FTP_PAGE_SIZE, FTP_PAGE_SIZE, 11); /* held at destination */
    random_bytes(pages + 1 * FTP_PAGE_SIZE, FTP_PAGE_SIZE, 12); /* not held */
    random_bytes(pages + 2 * FTP_PAGE_SIZE, FTP_PAGE_SIZE, 11); /* held, but marked pagetable */
    /* page 3 zero, marked not present; page 4 zero */
    ftp_hash128 held_hash;
    CHECK(ftp_hash(pages, FTP_PAGE_SIZE, &held_hash) == FTP_OK);
    ftp_hashset* held;
    CHECK(ftp_hashset_create(&held_hash, 1, &held) == FTP_OK);
    ftp_hash128 hashes[N];
    uint8_t types[N] = { 0, 0, FTP_TYPE_PAGETABLE, FTP_TYPE_NOT_PRESENT, FTP_TYPE_AT_DESTINATION };
    CHECK(ftp_classify_marked(pages, N, held, hashes, types) == FTP_OK);
    CHECK(types[0] == FTP_TYPE_AT_DESTINATION);
    CHECK(types[1] == FTP_TYPE_NORMAL);
    CHECK(types[2] == FTP_TYPE_PAGETABLE);
    CHECK(hashes[2].low == held_hash.low && hashes[2].high == held_hash.high);
    CHECK(types[3] == FTP_TYPE_NOT_PRESENT && hashes[3].low == 0 && hashes[3].high == 0);
    CHECK(types[4] == FTP_TYPE_ZERO);
    ftp_hashset_free(held);
    free(pages);
    return 0;
}

static int test_hashset(void)
{
    enum { N = 1000 };
    ftp_hash128* hashes = malloc((N + 1) * sizeof(ftp_hash128));
    CHECK(hashes != NULL);
    for (size_t i = 0; i < N; i++) {
        /* Low halves collide on purpose (same low bits) to exercise probing. */
        hashes[i].low = (uint64_t)(i % 7) << 40;
        hashes[i].high = i * 0x9E3779B97F4A7C15ULL + 1;
    }
    hashes[N] = hashes[3]; /* a duplicate */
    ftp_hashset* set;
    CHECK(ftp_hashset_create(hashes, N + 1, &set) == FTP_OK);
    CHECK(ftp_hashset_count(set) == N);
    for (size_t i = 0; i < N; i++) {
        CHECK(ftp_hashset_contains(set, &hashes[i]) == 1);
        ftp_hash128 other = { hashes[i].low, hashes[i].high + 0x100000000ULL };
        CHECK(ftp_hashset_contains(set, &other) == 0);
    }
    CHECK(ftp_hashset_contains(set, &(ftp_hash128){ 0, 0 }) == 0);
    ftp_hashset_free(set);
    CHECK(ftp_hashset_create(&(ftp_hash128){ 0, 0 }, 1, &set) == FTP_OK);
    CHECK(ftp_hashset_contains(set, &(ftp_hash128){ 0, 0 }) == 1);
    ftp_hashset_free(set);
    free(hashes);
    return 0;
}

static int test_framemap(void)
{
    uint64_t from[4] = { 100, 7, 5000000, 42 };
    uint64_t to[4] = { 1, 2, 3, 4 };
    ftp_framemap* map;
    size_t bad = 99;
    CHECK(ftp_framemap_create(from, to, 4, &map, &bad) == FTP_OK);
    CHECK(!ftp_framemap_is_dense(map));
    uint64_t out;
    CHECK(ftp_framemap_lookup(map, 5000000, &out) == FTP_OK && out == 3);
    CHECK(ftp_framemap_lookup(map, 7, &out) == FTP_OK && out == 2);
    CHECK(ftp_framemap_lookup(map, 8, &out) == FTP_EUNMAPPED);
    ftp_framemap_free(map);

    uint64_t dense_from[3] = { 10, 11, 13 };
    CHECK(ftp_framemap_create(dense_from, to, 3, &map, &bad) == FTP_OK);
    CHECK(ftp_framemap_is_dense(map));
    CHECK(ftp_framemap_lookup(map, 13, &out) == FTP_OK && out == 3);
    CHECK(ftp_framemap_lookup(map, 12, &out) == FTP_EUNMAPPED);
    CHECK(ftp_framemap_lookup(map, 9, &out) == FTP_EUNMAPPED);
    ftp_framemap_free(map);

    uint64_t dup_from[4] = { 9000000, 5, 9000000, 5 };
    CHECK(ftp_framemap_create(dup_from, to, 4, &map, &bad) == FTP_EDUPLICATE && bad == 2);
    uint64_t dup_dense[4] = { 5, 6, 6, 5 };
    CHECK(ftp_framemap_create(dup_dense, to, 4, &map, &bad) == FTP_EDUPLICATE && bad == 2);
    uint64_t huge[1] = { UINT64_C(1) << 40 };
    CHECK(ftp_framemap_create(huge, to, 1, &map, &bad) == FTP_ERANGE && bad == 0);
    return 0;
}

static uint64_t entry(uint64_t frame, uint64_t flags)
{
    return (frame << 12) | flags;
}

static int test_pagetable_roundtrip(void)
{
    enum { FRAMES = 256 };
    uint64_t mfns[FRAMES];
    uint64_t pfns[FRAMES];
    for (size_t i = 0; i < FRAMES; i++) {
        pfns[i] = i;
        mfns[i] = 0x80000 + (i * 37) % FRAMES; /* a permutation of a machine range */
    }
    ftp_framemap* m2p;
    ftp_framemap* p2m;
    CHECK(ftp_framemap_create(mfns, pfns, FRAMES, &m2p, NULL) == FTP_OK);
    CHECK(ftp_framemap_create(pfns, mfns, FRAMES, &p2m, NULL) == FTP_OK);
    uint64_t table[FTP_PT_ENTRIES];
    for (size_t i = 0; i < FTP_PT_ENTRIES; i++) {
        uint64_t present = (i % 3 != 0) ? 1 : 0;
        uint64_t flags = present | 0x62 | (i % 5 == 0 ? UINT64_C(1) << 63 : 0); /* A, D, RW, NX */
        table[i] = present ? entry(mfns[i % FRAMES], flags) : (i * 0x1234567ULL) << 1; /* garbage if absent */
    }
    uint64_t original[FTP_PT_ENTRIES];
    memcpy(original, table, sizeof table);
    ftp_pt_error error;
    CHECK(ftp_pt_translate((uint8_t*)table, 4, 4, m2p, &error) == FTP_OK);
    for (size_t i = 0; i < FTP_PT_ENTRIES; i++) {
        if (i >= 256 && i <= 271) {
            CHECK(table[i] == 0);
        } else if (original[i] & 1) {
            CHECK(table[i] == entry(i % FRAMES, original[i] & ~(((UINT64_C(1) << 40) - 1) << 12)));
        } else {
            CHECK(table[i] == original[i]);
        }
    }
    CHECK(ftp_pt_translate((uint8_t*)table, 4, 4, p2m, &error) == FTP_OK);
    for (size_t i = 0; i < FTP_PT_ENTRIES; i++) {
        CHECK(table[i] == ((i >= 256 && i <= 271) ? 0 : original[i]));
    }
    /* An L1 is translated in every slot; PAE L3 blanks slots 4..511. */
    memcpy(table, original, sizeof table);
    CHECK(ftp_pt_translate((uint8_t*)table, 1, 4, m2p, &error) == FTP_OK);
    CHECK(table[301] == entry(301 % FRAMES, original[301] & 0xFFF0000000000FFFULL));
    memcpy(table, original, sizeof table);
    CHECK(ftp_pt_translate((uint8_t*)table, 3, 3, m2p, &error) == FTP_OK);
    CHECK(table[4] == 0 && table[511] == 0 && table[1] == entry(1, original[1] & 0xFFF0000000000FFFULL));
    ftp_framemap_free(m2p);
    ftp_framemap_free(p2m);
    return 0;
}

static int test_pagetable_errors(void)
{
    uint64_t mfns[1] = { 0x500 };
    uint64_t pfns[1] = { 1 };
    ftp_framemap* m2p;
    CHECK(ftp_framemap_create(mfns, pfns, 1, &m2p, NULL) == FTP_OK);
    uint64_t table[FTP_PT_ENTRIES];
    memset(table, 0, sizeof table);
    table[0] = entry(0x500, 0x63);
    table[17] = entry(0x777, 0x63);
    uint64_t before[FTP_PT_ENTRIES];
    memcpy(before, table, sizeof table);
    ftp_pt_error error;
    CHECK(ftp_pt_translate((uint8_t*)table, 1, 4, m2p, &error) == FTP_EUNMAPPED);
    CHECK(error.entry == 17 && error.frame == 0x777 && error.status == FTP_EUNMAPPED);
    CHECK(memcmp(before, table, sizeof table) == 0); /* untouched on failure */
    table[17] = entry(0x500, 0xE3);                  /* PSE set */
    CHECK(ftp_pt_translate((uint8_t*)table, 2, 4, m2p, &error) == FTP_ESUPERPAGE);
    CHECK(error.entry == 17 && error.frame == 0x500);
    CHECK(ftp_pt_translate((uint8_t*)table, 1, 4, m2p, &error) == FTP_OK); /* PSE is PAT in an L1 */
    CHECK(ftp_pt_translate((uint8_t*)table, 4, 3, m2p, &error) == FTP_EINVAL);
    ftp_framemap_free(m2p);
    return 0;
}

int main(int argc, char** argv)
{
    static const struct {
        const char* name;
        int (*run)(void);
    } tests[] = {
        { "hash_vectors", test_hash_vectors },
        { "zero_page", test_zero_page },
        { "classify", test_classify },
        { "classify_marked", test_classify_marked },
        { "hashset", test_hashset },
        { "framemap", test_framemap },
        { "pagetable_roundtrip", test_pagetable_roundtrip },
        { "pagetable_errors", test_pagetable_errors },
    };
    int failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (argc > 1 && strcmp(argv[1], tests[i].name) != 0) {
            continue;
        }
        int result = tests[i].run();
        printf("%s: %s\n", tests[i].name, result == 0 ? "ok" : "FAILED");
        failed |= result;
    }
    return failed;
}
