/*
 * Frame number maps (MFN -> PFN and PFN -> MFN). A guest's frames usually come in a few long runs, so
 * when the source range is at most four times the pair count (or 64 Ki frames) the map is a dense array
 * indexed by from - min, one load per lookup; otherwise it is sorted and searched by bisection.
 */
#include <stdlib.h>

#include "internal.h"

#define FRAME_LIMIT (UINT64_C(1) << 40) /* the frame field of a pagetable entry is bits 12-51 */
#define MISSING UINT64_MAX

struct ftp_framemap {
    int dense;
    size_t count;
    uint64_t min;
    size_t span;    /* dense: entries in values */
    uint64_t* keys; /* sorted: ascending source frames */
    uint64_t* values;
};

typedef struct pair {
    uint64_t from;
    uint64_t to;
    size_t index;
} pair;

static int compare_pairs(const void* a, const void* b)
{
    const pair* x = a;
    const pair* y = b;
    if (x->from != y->from) {
        return x->from < y->from ? -1 : 1;
    }
    return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

static int build_dense(ftp_framemap* map, const uint64_t* from, const uint64_t* to, size_t count,
                       size_t* bad_index)
{
    map->values = malloc(map->span * sizeof(uint64_t));
    if (map->values == NULL) {
        return FTP_ENOMEM;
    }
    for (size_t i = 0; i < map->span; i++) {
        map->values[i] = MISSING;
    }
    for (size_t i = 0; i < count; i++) {
        uint64_t* slot = &map->values[from[i] - map->min];
        if (*slot != MISSING) {
            *bad_index = i;
            return FTP_EDUPLICATE;
        }
        *slot = to[i];
    }
    return FTP_OK;
}

static int build_sorted(ftp_framemap* map, const uint64_t* from, const uint64_t* to, size_t count,
                        size_t* bad_index)
{
    pair* pairs = malloc(count * sizeof(pair));
    map->keys = malloc(count * sizeof(uint64_t));
    map->values = malloc(count * sizeof(uint64_t));
    if (pairs == NULL || map->keys == NULL || map->values == NULL) {
        free(pairs);
        return FTP_ENOMEM;
    }
    for (size_t i = 0; i < count; i++) {
        pairs[i].from = from[i];
        pairs[i].to = to[i];
        pairs[i].index = i;
    }
    qsort(pairs, count, sizeof(pair), compare_pairs);
    /* Report the first index, in input order, whose frame already appeared: the same pair the dense
       builder reports, so both forms (and the managed map) name the same culprit. */
    size_t first_repeat = SIZE_MAX;
    for (size_t i = 1; i < count; i++) {
        if (pairs[i].from == pairs[i - 1].from && (i < 2 || pairs[i - 2].from != pairs[i].from)
            && pairs[i].index < first_repeat) {
            first_repeat = pairs[i].index;
        }
    }
    if (first_repeat != SIZE_MAX) {
        free(pairs);
        *bad_index = first_repeat;
        return FTP_EDUPLICATE;
    }
    for (size_t i = 0; i < count; i++) {
        map->keys[i] = pairs[i].from;
        map->values[i] = pairs[i].to;
    }
    free(pairs);
    return FTP_OK;
}

FTP_EXPORT int ftp_framemap_create(const uint64_t* from, const uint64_t* to, size_t count,
                                   ftp_framemap** out, size_t* bad_index)
{
    size_t ignored;
    if (bad_index == NULL) {
        bad_index = &ignored;
    }
    if (out == NULL || (count != 0 && (from == NULL || to == NULL)) || count > SIZE_MAX / (4 * sizeof(pair))) {
        return FTP_EINVAL;
    }
    *out = NULL;
    uint64_t min = UINT64_MAX;
    uint64_t max = 0;
    for (size_t i = 0; i < count; i++) {
        if (from[i] >= FRAME_LIMIT || to[i] >= FRAME_LIMIT) {
            *bad_index = i;
            return FTP_ERANGE;
        }
        min = from[i] < min ? from[i] : min;
        max = from[i] > max ? from[i] : max;
    }
    ftp_framemap* map = calloc(1, sizeof *map);
    if (map == NULL) {
        return FTP_ENOMEM;
    }
    map->count = count;
    uint64_t span = count == 0 ? 0 : max - min + 1;
    uint64_t dense_limit = count * 4 > 65536 ? count * 4 : 65536;
    int status;
    if (span <= dense_limit) {
        map->dense = 1;
        map->min = min;
        map->span = (size_t)span;
        status = build_dense(map, from, to, count, bad_index);
    } else {
        status = build_sorted(map, from, to, count, bad_index);
    }
    if (status != FTP_OK) {
        ftp_framemap_free(map);
        return status;
    }
    *out = map;
    return FTP_OK;
}

FTP_EXPORT int ftp_framemap_lookup(const ftp_framemap* map, uint64_t from, uint64_t* to)
{
    if (map == NULL || to == NULL) {
        return FTP_EINVAL;
    }
    if (map->dense) {
        uint64_t offset = from - map->min;
        if (from < map->min || offset >= map->span || map->values[offset] == MISSING) {
            return FTP_EUNMAPPED;
        }
        *to = map->values[offset];
        return FTP_OK;
    }
    size_t lo = 0;
    size_t hi = map->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (map->keys[mid] < from) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == map->count || map->keys[lo] != from) {
        return FTP_EUNMAPPED;
    }
    *to = map->values[lo];
    return FTP_OK;
}

FTP_EXPORT size_t ftp_framemap_count(const ftp_framemap* map)
{
    return map == NULL ? 0 : map->count;
}

FTP_EXPORT int ftp_framemap_is_dense(const ftp_framemap* map)
{
    return map != NULL && map->dense;
}

FTP_EXPORT void ftp_framemap_free(ftp_framemap* map)
{
    if (map != NULL) {
        free(map->keys);
        free(map->values);
        free(map);
    }
}
