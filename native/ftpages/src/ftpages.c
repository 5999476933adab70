/* Exported entry points: argument checks, then the kernels of the widest vector level this CPU runs. */
#include "internal.h"

/*
 * Chosen per call rather than cached, so the library holds no mutable global state; the check reads a
 * word libgcc filled in at load time and costs nothing next to a batch.
 */
static const ftp_kernels* kernels(void)
{
#if defined(FTP_HAVE_X86_KERNELS)
    if (__builtin_cpu_supports("avx512f")) {
        return ftp_kernels_avx512();
    }
    if (__builtin_cpu_supports("avx2")) {
        return ftp_kernels_avx2();
    }
    return ftp_kernels_sse2();
#else
    return ftp_kernels_generic();
#endif
}

FTP_EXPORT int ftp_abi_version(void)
{
    return FTP_ABI_VERSION;
}

FTP_EXPORT int ftp_simd_level(void)
{
#if defined(FTP_HAVE_X86_KERNELS)
    if (__builtin_cpu_supports("avx512f")) {
        return 3;
    }
    return __builtin_cpu_supports("avx2") ? 2 : 1;
#else
    return 0;
#endif
}

FTP_EXPORT int ftp_hash(const uint8_t* data, size_t length, ftp_hash128* out)
{
    if (out == NULL || (data == NULL && length != 0)) {
        return FTP_EINVAL;
    }
    kernels()->hash(data, length, out);
    return FTP_OK;
}

static int batch_ok(const uint8_t* pages, size_t count, const void* hashes, const uint8_t* types)
{
    if (count == 0) {
        return 1;
    }
    if (count > SIZE_MAX / FTP_PAGE_SIZE) {
        return 0;
    }
    return pages != NULL && hashes != NULL && types != NULL;
}

FTP_EXPORT int ftp_classify(const uint8_t* pages, size_t count, ftp_hash128* hashes, uint8_t* types)
{
    if (!batch_ok(pages, count, hashes, types)) {
        return FTP_EINVAL;
    }
    kernels()->classify(pages, count, NULL, 0, hashes, types);
    return FTP_OK;
}

FTP_EXPORT int ftp_classify_marked(const uint8_t* pages, size_t count, const ftp_hashset* held,
                                   ftp_hash128* hashes, uint8_t* types)
{
    if (!batch_ok(pages, count, hashes, types)) {
        return FTP_EINVAL;
    }
    kernels()->classify(pages, count, held, 1, hashes, types);
    return FTP_OK;
}

FTP_EXPORT int ftp_hash64_pages(const uint8_t* pages, size_t count, uint64_t* hashes)
{
    if (!batch_ok(pages, count, hashes, (const uint8_t*)hashes)) {
        return FTP_EINVAL;
    }
    kernels()->hash64_pages(pages, count, hashes);
    return FTP_OK;
}
