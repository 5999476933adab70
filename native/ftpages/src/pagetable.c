/*
 * Xen PV pagetable canonicalisation (and the reverse at the receiver): rewrite the frame field of each
 * present entry through a frame map. Rules from Xen's normalise_pagetable, restated in
 * /work/shared/reference/xen-save-format.md section 4.
 */
#include <string.h>

#include "internal.h"

#define PTE_PRESENT UINT64_C(0x1)
#define PTE_PSE UINT64_C(0x80)
#define FRAME_SHIFT 12
#define FRAME_MASK (((UINT64_C(1) << 40) - 1) << FRAME_SHIFT) /* bits 12-51 */

/* Whether slot index of a level-`level` table holds Xen's own mapping, blanked rather than translated. */
static int is_xen_slot(int level, int pt_levels, unsigned index)
{
    if (pt_levels == 4) {
        return level == 4 && index >= 256 && index <= 271;
    }
    return level == 3 && index >= 4;
}

static int fail(ftp_pt_error* error, unsigned entry, uint64_t frame, int status)
{
    if (error != NULL) {
        error->entry = entry;
        error->frame = frame;
        error->status = status;
    }
    return status;
}

FTP_EXPORT int ftp_pt_translate(uint8_t* page, int level, int pt_levels, const ftp_framemap* map,
                                ftp_pt_error* error)
{
    if (page == NULL || map == NULL || level < 1 || level > 4 || (pt_levels != 3 && pt_levels != 4)
        || level > pt_levels) {
        return fail(error, 0, 0, FTP_EINVAL);
    }
    /* Translate into a copy so that a page with a bad entry is left exactly as it was. */
    uint64_t entries[FTP_PT_ENTRIES];
    memcpy(entries, page, sizeof entries);
    for (unsigned i = 0; i < FTP_PT_ENTRIES; i++) {
        uint64_t entry = entries[i];
        if (is_xen_slot(level, pt_levels, i)) {
            entries[i] = 0;
            continue;
        }
        if ((entry & PTE_PRESENT) == 0) {
            continue;
        }
        uint64_t frame = (entry & FRAME_MASK) >> FRAME_SHIFT;
        if (level > 1 && (entry & PTE_PSE) != 0) {
            return fail(error, i, frame, FTP_ESUPERPAGE);
        }
        uint64_t mapped;
        if (ftp_framemap_lookup(map, frame, &mapped) != FTP_OK) {
            return fail(error, i, frame, FTP_EUNMAPPED);
        }
        entries[i] = (entry & ~FRAME_MASK) | (mapped << FRAME_SHIFT);
    }
    memcpy(page, entries, sizeof entries);
    return FTP_OK;
}
