/* Kernels for CPUs with AVX-512F; compiled with -mavx512f and only called after a runtime check. */
#define FTP_KERNEL_NAME ftp_kernels_avx512
#include "kernels_impl.h"
