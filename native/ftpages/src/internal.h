/* Declarations shared between the library's compilation units; nothing here is exported. */
#ifndef FTPAGES_INTERNAL_H
#define FTPAGES_INTERNAL_H

#include "ftpages.h"

#define FTP_HIDDEN __attribute__((visibility("hidden")))

/* One set of batch kernels per vector level; each is compiled in its own unit with its own -m flags. */
typedef struct ftp_kernels {
    void (*hash)(const uint8_t* data, size_t length, ftp_hash128* out);
    void (*classify)(const uint8_t* pages, size_t count, const ftp_hashset* held, int marked,
                     ftp_hash128* hashes, uint8_t* types);
    void (*hash64_pages)(const uint8_t* pages, size_t count, uint64_t* hashes);
} ftp_kernels;

FTP_HIDDEN const ftp_kernels* ftp_kernels_generic(void);
#if defined(FTP_HAVE_X86_KERNELS)
FTP_HIDDEN const ftp_kernels* ftp_kernels_sse2(void);
FTP_HIDDEN const ftp_kernels* ftp_kernels_avx2(void);
FTP_HIDDEN const ftp_kernels* ftp_kernels_avx512(void);
#endif

/* Set membership without argument checks, for the classify loop. */
FTP_HIDDEN int ftp_hashset_has(const ftp_hashset* set, uint64_t low, uint64_t high);

#endif
