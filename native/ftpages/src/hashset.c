/*
 * A set of 128-bit hashes: open addressing with linear probing in a power-of-two table kept at most half
 * full. Page hashes are uniform, so the low bits of .low index the table directly. {0, 0} marks an empty
 * slot; a real {0, 0} input is remembered in a flag. The managed ManagedPageHashSet is the same design.
 */
#include <stdlib.h>

#include "internal.h"

struct ftp_hashset {
    ftp_hash128* slots;
    uint64_t mask;
    size_t count;
    int holds_zero;
};

FTP_EXPORT int ftp_hashset_create(const ftp_hash128* hashes, size_t count, ftp_hashset** out)
{
    if (out == NULL || (hashes == NULL && count != 0) || count > (SIZE_MAX / sizeof(ftp_hash128)) / 4) {
        return FTP_EINVAL;
    }
    *out = NULL;
    size_t capacity = 16;
    while (capacity < count * 2) {
        capacity *= 2;
    }
    ftp_hashset* set = calloc(1, sizeof *set);
    if (set == NULL) {
        return FTP_ENOMEM;
    }
    set->slots = calloc(capacity, sizeof(ftp_hash128));
    if (set->slots == NULL) {
        free(set);
        return FTP_ENOMEM;
    }
    set->mask = capacity - 1;
    for (size_t i = 0; i < count; i++) {
        ftp_hash128 h = hashes[i];
        if (h.low == 0 && h.high == 0) {
            if (!set->holds_zero) {
                set->holds_zero = 1;
                set->count++;
            }
            continue;
        }
        uint64_t slot = h.low & set->mask;
        for (;;) {
            ftp_hash128* s = &set->slots[slot];
            if (s->low == 0 && s->high == 0) {
                *s = h;
                set->count++;
                break;
            }
            if (s->low == h.low && s->high == h.high) {
                break;
            }
            slot = (slot + 1) & set->mask;
        }
    }
    *out = set;
    return FTP_OK;
}

FTP_HIDDEN int ftp_hashset_has(const ftp_hashset* set, uint64_t low, uint64_t high)
{
    if (low == 0 && high == 0) {
        return set->holds_zero;
    }
    uint64_t slot = low & set->mask;
    for (;;) {
        const ftp_hash128* s = &set->slots[slot];
        if (s->low == low && s->high == high) {
            return 1;
        }
        if (s->low == 0 && s->high == 0) {
            return 0;
        }
        slot = (slot + 1) & set->mask;
    }
}

FTP_EXPORT int ftp_hashset_contains(const ftp_hashset* set, const ftp_hash128* hash)
{
    if (set == NULL || hash == NULL) {
        return FTP_EINVAL;
    }
    return ftp_hashset_has(set, hash->low, hash->high);
}

FTP_EXPORT size_t ftp_hashset_count(const ftp_hashset* set)
{
    return set == NULL ? 0 : set->count;
}

FTP_EXPORT void ftp_hashset_free(ftp_hashset* set)
{
    if (set != NULL) {
        free(set->slots);
        free(set);
    }
}
