/*
 * ftpages: the page hot loop of FtActors. Hashes (XXH3-128, seed 0), types and canonicalises batches of
 * 4 KiB guest pages in one call per batch. Every export is prefixed ftp_, keeps no global state, and
 * returns an int status (0 ok, negative error) unless it is a pure query.
 *
 * Ownership: the caller owns every buffer; the library never keeps a pointer past the call. Contexts
 * (hash sets, frame maps) are created by ftp_*_create and freed by the matching ftp_*_free; they are
 * immutable after creation, so one context may be read by many threads at once.
 */
#ifndef FTPAGES_H
#define FTPAGES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define FTP_EXPORT __declspec(dllexport)
#else
#define FTP_EXPORT __attribute__((visibility("default")))
#endif

/* Bumped whenever a signature or a struct below changes; the C# side refuses a library that differs. */
#define FTP_ABI_VERSION 1

#define FTP_PAGE_SIZE 4096
#define FTP_PT_ENTRIES 512

/* XXH3-128 (seed 0) of one page of zero bytes: the hash every FTP_TYPE_ZERO page gets. */
#define FTP_ZERO_PAGE_HASH_LOW UINT64_C(0x93d76fe148c689ba)
#define FTP_ZERO_PAGE_HASH_HIGH UINT64_C(0x3ee8dc4f9e7ee495)

/* Status codes. */
#define FTP_OK 0
#define FTP_EINVAL (-1)        /* a null pointer where data was required, or an argument out of range */
#define FTP_ENOMEM (-2)        /* allocation failed */
#define FTP_EUNMAPPED (-3)     /* a present pagetable entry names a frame the map does not hold */
#define FTP_ESUPERPAGE (-4)    /* a present entry above L1 has the PSE (superpage) bit set */
#define FTP_EDUPLICATE (-5)    /* a frame map was given the same source frame twice */
#define FTP_ERANGE (-6)        /* a frame number does not fit the 40-bit frame field */

/* Page types, one byte each; the values match FtActors.Pages.PageType. */
#define FTP_TYPE_NORMAL 0
#define FTP_TYPE_ZERO 1
#define FTP_TYPE_PAGETABLE 2
#define FTP_TYPE_NOT_PRESENT 3
#define FTP_TYPE_AT_DESTINATION 4

/* The 128-bit XXH3 result; the layout matches FtActors.Pages.PageHash (low then high). */
typedef struct ftp_hash128 {
    uint64_t low;
    uint64_t high;
} ftp_hash128;

typedef struct ftp_hashset ftp_hashset;
typedef struct ftp_framemap ftp_framemap;

/* Where a pagetable translation stopped: the entry index (0..511), the frame it named, and the status. */
typedef struct ftp_pt_error {
    uint32_t entry;
    int32_t status;
    uint64_t frame;
} ftp_pt_error;

/* FTP_ABI_VERSION of the built library. */
FTP_EXPORT int ftp_abi_version(void);

/* The vector level the batch calls run at on this CPU: 1 = SSE2, 2 = AVX2, 3 = AVX-512F, 0 = portable C. */
FTP_EXPORT int ftp_simd_level(void);

/* XXH3-128 (seed 0) of length bytes; data may be null only when length is 0. */
FTP_EXPORT int ftp_hash(const uint8_t* data, size_t length, ftp_hash128* out);

/*
 * Hashes and types count pages laid out back to back: FTP_TYPE_ZERO (with the zero-page hash) for an
 * all-zero page, else FTP_TYPE_NORMAL. Each page is checked for zero and then hashed while it is still
 * in L1, so the batch is read from memory once.
 */
FTP_EXPORT int ftp_classify(const uint8_t* pages, size_t count, ftp_hash128* hashes, uint8_t* types);

/*
 * Like ftp_classify, but types is read first. A slot marked FTP_TYPE_NOT_PRESENT is not read and gets
 * the hash {0, 0}; a slot marked FTP_TYPE_PAGETABLE is hashed and keeps its mark. Any other page becomes
 * ZERO, AT_DESTINATION when held (may be null) contains its hash, or NORMAL.
 */
FTP_EXPORT int ftp_classify_marked(const uint8_t* pages, size_t count, const ftp_hashset* held,
                                   ftp_hash128* hashes, uint8_t* types);

/* XXH3-64 of each page: for benchmarks that compare it with XXH3-128; not used by FtActors. */
FTP_EXPORT int ftp_hash64_pages(const uint8_t* pages, size_t count, uint64_t* hashes);

/* A set of 128-bit hashes (open addressing, at most half full); duplicates in the input are merged. */
FTP_EXPORT int ftp_hashset_create(const ftp_hash128* hashes, size_t count, ftp_hashset** out);
/* 1 when the set holds *hash, 0 when not, FTP_EINVAL on a null argument. */
FTP_EXPORT int ftp_hashset_contains(const ftp_hashset* set, const ftp_hash128* hash);
FTP_EXPORT size_t ftp_hashset_count(const ftp_hashset* set);
FTP_EXPORT void ftp_hashset_free(ftp_hashset* set);

/*
 * A map between frame numbers (MFN -> PFN to canonicalise, PFN -> MFN to uncanonicalise), built from
 * count pairs from[i] -> to[i]. Dense (an array indexed by from - min) when the range is small, else a
 * sorted array searched by bisection. On FTP_EDUPLICATE or FTP_ERANGE, *bad_index names the pair.
 */
FTP_EXPORT int ftp_framemap_create(const uint64_t* from, const uint64_t* to, size_t count,
                                   ftp_framemap** out, size_t* bad_index);
/* 0 and *to set when mapped, FTP_EUNMAPPED when not. */
FTP_EXPORT int ftp_framemap_lookup(const ftp_framemap* map, uint64_t from, uint64_t* to);
FTP_EXPORT size_t ftp_framemap_count(const ftp_framemap* map);
/* 1 when the map is the dense array form (for tests and logs). */
FTP_EXPORT int ftp_framemap_is_dense(const ftp_framemap* map);
FTP_EXPORT void ftp_framemap_free(ftp_framemap* map);

/*
 * Rewrites the frame field (bits 12-51) of every present entry of one Xen PV pagetable page through map,
 * leaving flag bits alone. level is 1..4 (L1..L4), pt_levels 3 (PAE) or 4 (x86-64). Slots that hold
 * Xen's own mappings are blanked (4-level: L4 slots 256-271; PAE: L3 slots 4-511). Non-present entries
 * are copied unchanged. The page is only written when every entry translated; otherwise *error (may be
 * null) says which entry, which frame and why.
 */
FTP_EXPORT int ftp_pt_translate(uint8_t* page, int level, int pt_levels, const ftp_framemap* map,
                                ftp_pt_error* error);

#ifdef __cplusplus
}
#endif

#endif
